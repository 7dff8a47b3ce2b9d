// The main window's part in downloading the release: the dialog, and indexing what arrives.
#include "asynccatalog.h"
#include "downloaddialog.h"
#include "mainwindow.h"

namespace audioset::ui {

QString MainWindow::indexPath() const {
    return m_catalog ? m_catalog->path() : QString();
}

DownloadDialog *MainWindow::showDownloadDialog() {
    if (!m_download) {
        m_download = new DownloadDialog(this);
        // Browsing starts on the metadata; the embeddings are indexed when their archive is in.
        connect(m_download, &DownloadDialog::metadataReady, this, &MainWindow::indexReleaseFolder);
        connect(m_download, &DownloadDialog::featuresReady, this, &MainWindow::indexReleaseFolder);
    }
    m_download->show();
    m_download->raise();
    m_download->activateWindow();
    return m_download;
}

} // namespace audioset::ui

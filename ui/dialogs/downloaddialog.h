#pragma once

#include "releasedownload.h"

#include <QDialog>
#include <QFutureWatcher>
#include <QHash>
#include <QMutex>
#include <QSet>
#include <atomic>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace audioset::ui {

/// Fetches the AudioSet release into a folder, off the GUI thread: a bar for the file being
/// fetched and one for everything (bytes, rate, time left), each file's state, Cancel. Says
/// when the metadata is in (so the window can index it and browsing can start) and when the
/// features archive is in (to index the embeddings).
class DownloadDialog : public QDialog {
    Q_OBJECT
public:
    explicit DownloadDialog(QWidget *parent = nullptr);
    ~DownloadDialog() override;

    void setFolder(const QString &dir);
    /// Fetch every file as URL/<name> instead of from Google (a mirror; tests).
    void setBaseUrl(const QString &url);
    void setFeatures(bool features);
    void setChecksum(const QString &name, const QString &sha256) { m_sha256[name] = sha256; }
    void setRetryDelayMs(int ms) { m_retryDelayMs = ms; }
    void start();
    bool isRunning() const { return m_watcher.isRunning(); }
    QString folder() const;

Q_SIGNALS:
    /// Every metadata file is in `dir`, checked: it can be indexed.
    void metadataReady(const QString &dir);
    /// features.tar.gz arrived in `dir`, checked.
    void featuresReady(const QString &dir);
    void downloadFinished(const audioset::Outcome &outcome);

protected:
    void reject() override; // Escape and the close button cancel a running download first

private:
    void chooseFolder();
    void setChoicesEnabled(bool enabled); // the folder, mirror and features choices, and Start
    void refresh();
    void fileEnded(const DownloadedFile &file);
    void finish(const DownloadReport &report);
    QTreeWidgetItem *itemFor(const QString &name);

    QLineEdit *m_folder;
    QPushButton *m_browse;
    QComboBox *m_mirror;
    QCheckBox *m_features;
    QPushButton *m_start;
    QPushButton *m_close;
    QLabel *m_fileLine;
    QProgressBar *m_fileBar;
    QLabel *m_allLine;
    QProgressBar *m_allBar;
    QLabel *m_note;
    QTreeWidget *m_files;
    QTimer *m_timer;
    QString m_baseUrl;
    QHash<QString, QString> m_sha256;
    int m_retryDelayMs = 1000;
    bool m_metadataAnnounced = false;
    QSet<QString> m_waitingMetadata; // metadata files not in yet

    QFutureWatcher<DownloadReport> m_watcher;
    std::atomic<bool> m_cancel{false};
    QMutex m_mutex;
    std::optional<DownloadProgress> m_latest;
};

} // namespace audioset::ui

// The main window's part in local audio: the folders, scanning them for the open index off the
// GUI thread, and the play keys.
#include "asynccatalog.h"
#include "audiofoldersdialog.h"
#include "audiolibrary.h"
#include "audioscanstatus.h"
#include "audioview.h"
#include "mainwindow.h"
#include "segmentinspector.h"
#include "segmentpanel.h"

#include <QAction>
#include <QFutureWatcher>
#include <QLocale>
#include <QMenu>
#include <QStatusBar>
#include <QtConcurrent>

namespace audioset::ui {

namespace {

// On a worker: forgets `forget`'s matches, scans `folders`, and says what came of it.
QString scanAudioFolders(const QString &db, const QStringList &folders, const QStringList &forget,
                         AudioScanTicket &ticket) {
    std::string error;
    if (folders.isEmpty() && forget.isEmpty()) return QString();
    auto library = AudioLibrary::open(db.toStdString(), error);
    if (!library) return MainWindow::tr("Audio: %1").arg(QString::fromStdString(error));
    const auto paths = [](const QStringList &list) {
        std::vector<std::string> dirs;
        for (const QString &folder : list)
            dirs.push_back(folder.toStdString());
        return dirs;
    };
    int64_t forgotten = 0;
    if (const Outcome outcome = library->forget(paths(forget), forgotten); !outcome.isOk())
        return MainWindow::tr("Audio: %1").arg(QString::fromStdString(outcome.message));
    if (folders.isEmpty())
        return MainWindow::tr("Audio: %1 matches of removed folders forgotten")
            .arg(QLocale().toString(qlonglong(forgotten)));
    const AudioScanReport report = library->scan(paths(folders), [&ticket](const Progress &at) {
        ticket.seen = at.done;
        return !ticket.cancelled;
    });
    if (report.outcome.isCancelled())
        return MainWindow::tr("Audio scan cancelled; the matches found before are kept");
    if (!report.outcome.isOk())
        return MainWindow::tr("Audio: %1").arg(QString::fromStdString(report.outcome.message));
    int64_t segments = 0;
    for (const auto &split : report.segments)
        for (int64_t count : split)
            segments += count;
    return MainWindow::tr("Audio: %1 files matched %2 segments (%3), %4 ignored")
        .arg(QLocale().toString(qlonglong(report.matchedFiles)),
             QLocale().toString(qlonglong(segments)),
             report.mainLayout ? QString::fromLatin1(audioLayoutName(*report.mainLayout))
                               : MainWindow::tr("no layout"),
             QLocale().toString(qlonglong(report.ignoredFiles)));
}

} // namespace

void MainWindow::addAudioFolders(const QStringList &folders) {
    for (const QString &folder : folders)
        if (!m_sessionAudioFolders.contains(folder)) m_sessionAudioFolders << folder;
}

QStringList MainWindow::audioFolders() const {
    QStringList folders = AudioFoldersDialog::remembered();
    for (const QString &folder : m_sessionAudioFolders)
        if (!folders.contains(folder)) folders << folder;
    return folders;
}

void MainWindow::chooseAudioFolders() {
    AudioFoldersDialog dialog(this);
    if (dialog.exec() != QDialog::Accepted) return;
    applyAudioFolders(dialog.folders());
}

void MainWindow::applyAudioFolders(const QStringList &folders) {
    QStringList removed;
    for (const QString &folder : AudioFoldersDialog::remembered())
        if (!folders.contains(folder)) removed << folder;
    AudioFoldersDialog::remember(folders);
    scanAudio(removed);
}

void MainWindow::createAudioActions(QMenu *file, QMenu *segment) {
    auto *folders = new QAction(tr("&Audio Folders…"), this);
    connect(folders, &QAction::triggered, this, &MainWindow::chooseAudioFolders);
    file->insertAction(m_closeAction, folders);
    // Single keys: a text field takes them first, so typing a space in the filter still works.
    segment->addSeparator();
    segment->addAction(tr("&Play / Pause"), QKeySequence(Qt::Key_Space), this,
                       [this] { m_inspector->audio()->togglePlay(); });
    segment->addAction(tr("Play From &Start"), QKeySequence(Qt::Key_R), this,
                       [this] { m_inspector->audio()->playFromStart(); });
}

// Forgets what `forget` matched, scans the audio folders into the open index, then tells the
// table and the status bar what matched. Without folders it only reads what an earlier scan
// (or `audioset audio scan`) kept.
void MainWindow::scanAudio(const QStringList &forget) {
    if (!m_catalog) return;
    const QString db = m_catalog->path();
    const QStringList folders = audioFolders();
    const std::shared_ptr<AudioScanTicket> ticket = m_audioScanStatus->begin();
    auto *watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, db, ticket] {
        watcher->deleteLater();
        // A scan a newer one replaced says nothing: the newer one reports.
        if (!m_audioScanStatus->end(ticket)) return;
        if (!m_catalog || m_catalog->path() != db) return; // another index since
        const QString summary = watcher->result();
        m_segmentCatalog->run<bool>(
            this,
            [](Catalog &catalog) {
                catalog.forgetAudio();
                return !catalog.segmentsWithAudio().empty();
            },
            [this](bool any) {
                m_segmentPanel->setAudioAvailable(any);
                m_inspector->audio()->lookAgain();
            });
        if (!summary.isEmpty()) statusBar()->showMessage(summary, 10000);
        Q_EMIT audioScanned(summary);
    });
    watcher->setFuture(QtConcurrent::run(
        [db, folders, forget, ticket] { return scanAudioFolders(db, folders, forget, *ticket); }));
}

} // namespace audioset::ui

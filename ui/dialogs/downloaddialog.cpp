#include "downloaddialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace audioset::ui {

namespace {

QString megabytes(uint64_t bytes) {
    return QString::fromStdString(formatMegabytes(bytes));
}

QString figures(uint64_t done, uint64_t total) {
    return total ? QDialog::tr("%1 of %2").arg(megabytes(done), megabytes(total)) : megabytes(done);
}

int permille(uint64_t done, uint64_t total) {
    return total ? int(std::min<uint64_t>(1000, done * 1000 / total)) : 0;
}

} // namespace

DownloadDialog::DownloadDialog(QWidget *parent)
    : QDialog(parent)
    , m_folder(new QLineEdit(this))
    , m_mirror(new QComboBox(this))
    , m_features(new QCheckBox(tr("Also the embeddings: features.tar.gz (2.4 GB)"), this))
    , m_start(new QPushButton(tr("Download"), this))
    , m_close(new QPushButton(tr("Close"), this))
    , m_fileLine(new QLabel(this))
    , m_fileBar(new QProgressBar(this))
    , m_allLine(new QLabel(this))
    , m_allBar(new QProgressBar(this))
    , m_note(new QLabel(this))
    , m_files(new QTreeWidget(this))
    , m_timer(new QTimer(this)) {
    setWindowTitle(tr("Download AudioSet"));
    m_folder->setText(QSettings()
                          .value(QStringLiteral("download/folder"),
                                 QDir(QDir::homePath()).filePath(QStringLiteral("AudioSet")))
                          .toString());
    m_mirror->addItem(tr("Google, United States"), QStringLiteral("us"));
    m_mirror->addItem(tr("Google, Europe"), QStringLiteral("eu"));
    m_mirror->addItem(tr("Google, Asia"), QStringLiteral("asia"));
    m_features->setToolTip(tr("Checked against its published SHA-256 before it is indexed"));
    m_browse = new QPushButton(tr("Choose…"), this);
    connect(m_browse, &QPushButton::clicked, this, &DownloadDialog::chooseFolder);
    auto *folderRow = new QHBoxLayout;
    folderRow->addWidget(m_folder, 1);
    folderRow->addWidget(m_browse);
    auto *form = new QFormLayout;
    form->addRow(tr("Folder:"), folderRow);
    form->addRow(tr("From:"), m_mirror);
    form->addRow(QString(), m_features);

    for (QProgressBar *bar : {m_fileBar, m_allBar})
        bar->setRange(0, 1000);
    m_note->setWordWrap(true);
    m_note->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_files->setColumnCount(2);
    m_files->setHeaderLabels({tr("File"), tr("State")});
    m_files->setRootIsDecorated(false);
    m_files->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_files->setWordWrap(true);
    m_files->setMinimumHeight(160);

    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(m_start, QDialogButtonBox::AcceptRole);
    buttons->addButton(m_close, QDialogButtonBox::RejectRole);
    m_start->setDefault(true);
    connect(m_start, &QPushButton::clicked, this, &DownloadDialog::start);
    connect(m_close, &QPushButton::clicked, this, &DownloadDialog::reject);

    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(
        tr("Fetches the release files from their official locations: the three segment lists, "
           "class labels, quality counts, rerated ids and the ontology. Browsing starts as soon "
           "as they are in; an interrupted download resumes where it stopped."),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_fileLine);
    layout->addWidget(m_fileBar);
    layout->addWidget(m_allLine);
    layout->addWidget(m_allBar);
    layout->addWidget(m_note);
    layout->addWidget(m_files, 1);
    layout->addWidget(buttons);
    for (QWidget *progress : {static_cast<QWidget *>(m_fileLine), static_cast<QWidget *>(m_fileBar),
                              static_cast<QWidget *>(m_allLine), static_cast<QWidget *>(m_allBar)})
        progress->hide();
    resize(560, 460);

    m_timer->setInterval(100); // the worker stores its latest figures; the GUI reads them
    connect(m_timer, &QTimer::timeout, this, &DownloadDialog::refresh);
    connect(&m_watcher, &QFutureWatcher<DownloadReport>::finished, this,
            [this] { finish(m_watcher.result()); });
}

DownloadDialog::~DownloadDialog() {
    m_cancel = true;
    m_watcher.waitForFinished();
}

void DownloadDialog::setFolder(const QString &dir) {
    m_folder->setText(dir);
}

QString DownloadDialog::folder() const {
    return QDir::cleanPath(m_folder->text().trimmed());
}

void DownloadDialog::setBaseUrl(const QString &url) {
    m_baseUrl = url;
    m_mirror->addItem(tr("Mirror at %1").arg(url), QString());
    m_mirror->setCurrentIndex(m_mirror->count() - 1);
}

void DownloadDialog::setFeatures(bool features) {
    m_features->setChecked(features);
}

void DownloadDialog::setChoicesEnabled(bool enabled) {
    for (QWidget *widget :
         std::initializer_list<QWidget *>{m_folder, m_browse, m_mirror, m_features, m_start})
        widget->setEnabled(enabled);
}

void DownloadDialog::chooseFolder() {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Download into"), folder());
    if (!dir.isEmpty()) setFolder(dir);
}

void DownloadDialog::start() {
    if (m_watcher.isRunning() || folder().isEmpty()) return;
    QSettings().setValue(QStringLiteral("download/folder"), folder());
    DownloadOptions options;
    options.dir = folder().toStdString();
    options.retryDelayMs = m_retryDelayMs;
    options.source.mirror = m_mirror->currentData().toString().toStdString();
    if (options.source.mirror.empty()) options.source.mirror = "us";
    if (m_mirror->currentData().toString().isEmpty()) // the mirror given by URL
        options.source.baseUrl = m_baseUrl.toStdString();
    options.source.features = m_features->isChecked();
    for (auto it = m_sha256.cbegin(); it != m_sha256.cend(); ++it)
        options.source.sha256[it.key().toStdString()] = it.value().toStdString();
    std::string error;
    const std::vector<ReleaseFile> files = releaseFiles(options.source, error);
    m_files->clear();
    m_waitingMetadata.clear();
    for (const ReleaseFile &file : files) {
        itemFor(QString::fromStdString(file.name))->setText(1, tr("waiting"));
        if (file.metadata) m_waitingMetadata.insert(QString::fromStdString(file.name));
    }
    m_note->clear();
    m_cancel = false;
    m_metadataAnnounced = false;
    setChoicesEnabled(false);
    for (QWidget *progress : {static_cast<QWidget *>(m_fileLine), static_cast<QWidget *>(m_fileBar),
                              static_cast<QWidget *>(m_allLine), static_cast<QWidget *>(m_allBar)})
        progress->show();
    m_close->setText(tr("Cancel"));
    m_allLine->setText(tr("Asking the server for the sizes…"));
    m_timer->start();
    m_watcher.setFuture(QtConcurrent::run([this, options] {
        return downloadRelease(
            options,
            [this](const DownloadProgress &progress) {
                QMutexLocker lock(&m_mutex);
                m_latest = progress;
                return !m_cancel.load();
            },
            [this](const DownloadedFile &file) {
                QMetaObject::invokeMethod(
                    this, [this, file] { fileEnded(file); }, Qt::QueuedConnection);
            });
    }));
}

QTreeWidgetItem *DownloadDialog::itemFor(const QString &name) {
    for (int row = 0; row < m_files->topLevelItemCount(); ++row)
        if (m_files->topLevelItem(row)->text(0) == name) return m_files->topLevelItem(row);
    return new QTreeWidgetItem(m_files, {name, QString()});
}

void DownloadDialog::refresh() {
    std::optional<DownloadProgress> latest;
    {
        QMutexLocker lock(&m_mutex);
        latest = m_latest;
    }
    if (!latest || m_cancel) return;
    const QString file = QString::fromStdString(latest->file);
    m_fileLine->setText(tr("%1: %2").arg(file, figures(latest->fileDone, latest->fileTotal)));
    m_fileBar->setValue(permille(latest->fileDone, latest->fileTotal));
    QString all = tr("All files: %1").arg(figures(latest->done, latest->total));
    if (latest->bytesPerSecond > 0)
        all += tr(" · %1/s").arg(megabytes(uint64_t(latest->bytesPerSecond)));
    if (latest->secondsLeft)
        all += QStringLiteral(" · ") + QString::fromStdString(formatTimeLeft(*latest->secondsLeft));
    m_allLine->setText(all);
    m_allBar->setValue(permille(latest->done, latest->total));
    m_note->setText(QString::fromStdString(latest->note));
    if (QTreeWidgetItem *item = itemFor(file); item->text(1) == tr("waiting"))
        item->setText(1, tr("fetching"));
}

void DownloadDialog::fileEnded(const DownloadedFile &file) {
    QTreeWidgetItem *item = itemFor(QString::fromStdString(file.name));
    switch (file.status) {
    case DownloadedFile::Status::Fetched:
        item->setText(1, tr("fetched and checked"));
        break;
    case DownloadedFile::Status::AlreadyThere:
        item->setText(1, tr("already complete"));
        break;
    case DownloadedFile::Status::Failed:
        item->setText(1, tr("failed: %1").arg(QString::fromStdString(file.message)));
        item->setForeground(1, QColor(Qt::red));
        break;
    case DownloadedFile::Status::Cancelled:
        item->setText(1, tr("cancelled (resumes next time)"));
        break;
    }
    item->setToolTip(1, item->text(1));
    const bool ok = file.status == DownloadedFile::Status::Fetched ||
                    file.status == DownloadedFile::Status::AlreadyThere;
    if (file.metadata && ok) m_waitingMetadata.remove(QString::fromStdString(file.name));
    // The metadata is in once every metadata file has ended well: browsing can start.
    if (m_waitingMetadata.isEmpty() && !m_metadataAnnounced) {
        m_metadataAnnounced = true;
        Q_EMIT metadataReady(folder());
    }
    if (!file.metadata && ok) Q_EMIT featuresReady(folder());
}

void DownloadDialog::finish(const DownloadReport &report) {
    m_timer->stop();
    refresh();
    setChoicesEnabled(true);
    m_start->setText(tr("Download Again"));
    m_close->setText(tr("Close"));
    m_note->setText(QString::fromStdString(report.outcome.message));
    if (report.outcome.isOk()) m_allBar->setValue(1000);
    Q_EMIT downloadFinished(report.outcome);
}

void DownloadDialog::reject() {
    if (m_watcher.isRunning()) {
        m_cancel = true;
        m_note->setText(tr("Cancelling… what has arrived is kept, and the next download "
                           "resumes it."));
        return;
    }
    QDialog::reject();
}

} // namespace audioset::ui

#include "mainwindow.h"

#include "apppaths.h"
#include "asynccatalog.h"
#include "audioscanstatus.h"
#include "classpage.h"
#include "demogenerator.h"
#include "diagnostics.h"
#include "exportdialog.h"
#include "indexer.h"
#include "jobdialog.h"
#include "labelerrorsview.h"
#include "ontologymodel.h"
#include "ontologypanel.h"
#include "segmentinspector.h"
#include "segmentpanel.h"
#include "segmenttablemodel.h"
#include "similarityservice.h"
#include "welcomepage.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>
#include <QTreeView>

namespace audioset::ui {

namespace {
constexpr int kMaxRecent = 8;

struct OntologyData {
    std::vector<ClassSummary> classes;
    std::vector<ClassEdge> edges;
    IndexStats stats;
};
} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_ontology(new OntologyModel(this))
    , m_segments(new SegmentTableModel(this))
    , m_stack(new QStackedWidget(this))
    , m_welcome(new WelcomePage(this))
    , m_horizontal(new QSplitter(Qt::Horizontal, this))
    , m_vertical(new QSplitter(Qt::Vertical, this))
    , m_ontologyPanel(new OntologyPanel(m_ontology, this))
    , m_classPage(new ClassPage(m_ontology, this))
    , m_segmentPanel(new SegmentPanel(m_segments, this))
    , m_inspector(new SegmentInspector(m_ontology, this))
    , m_dataBadge(new QLabel(this))
    , m_audioScanStatus(new AudioScanStatus(this)) {
    setWindowTitle(tr("AudioSet Browser"));
    m_segments->setLabelNamer([this](const QString &mid) { return m_ontology->nameOf(mid); });
    m_vertical->addWidget(m_classPage);
    m_vertical->addWidget(m_segmentPanel);
    m_vertical->setStretchFactor(0, 3);
    m_vertical->setStretchFactor(1, 2);
    m_horizontal->addWidget(m_ontologyPanel);
    m_horizontal->addWidget(m_vertical);
    m_horizontal->addWidget(m_inspector);
    m_horizontal->setStretchFactor(0, 3);
    m_horizontal->setStretchFactor(1, 4);
    m_horizontal->setStretchFactor(2, 3);

    m_stack->addWidget(m_welcome);
    m_stack->addWidget(m_horizontal);
    setCentralWidget(m_stack);
    statusBar()->addPermanentWidget(m_audioScanStatus);
    statusBar()->addPermanentWidget(m_dataBadge);

    connect(m_ontologyPanel, &OntologyPanel::classSelected, this, &MainWindow::showClass);
    connect(m_ontologyPanel, &OntologyPanel::nothingMatches, this, &MainWindow::findSegmentById);
    connect(m_classPage, &ClassPage::classActivated, this, &MainWindow::selectClass);
    connect(m_classPage, &ClassPage::reviewRequested, this, &MainWindow::startReview);
    connect(m_classPage, &ClassPage::orderedReviewRequested, this,
            [this](const QString &mid, Split split, const std::vector<SegmentRow> &ordered) {
                startReviewOf(mid, split, ordered);
            });
    connect(m_classPage, &ClassPage::segmentActivated, this, &MainWindow::showSegment);
    connect(m_classPage, &ClassPage::segmentRequested, this, &MainWindow::showSegmentAt);
    connect(m_inspector, &SegmentInspector::segmentActivated, this, &MainWindow::showSegment);
    connect(m_inspector, &SegmentInspector::classActivated, this, &MainWindow::selectClass);
    connect(m_inspector, &SegmentInspector::couldNotOpen, this,
            [this](const QString &message) { statusBar()->showMessage(message, 15000); });
    connect(m_segmentPanel, &SegmentPanel::segmentSelected, this, &MainWindow::showSegment);
    connect(m_segmentPanel, &SegmentPanel::selectionCleared, m_inspector, &SegmentInspector::clear);
    connect(m_segmentPanel, &SegmentPanel::filtersChanged, this, [this] {
        if (!m_currentClass.isEmpty() && m_classPage->currentClass() == m_currentClass)
            m_classPage->showClass(m_currentClass, cooccurrenceSplit());
    });
    connect(m_welcome, &WelcomePage::openReleaseRequested, this, &MainWindow::chooseReleaseFolder);
    connect(m_welcome, &WelcomePage::openIndexRequested, this, &MainWindow::chooseIndex);
    connect(m_welcome, &WelcomePage::generateDemoRequested, this, &MainWindow::generateDemo);
    connect(m_welcome, &WelcomePage::downloadRequested, this, &MainWindow::showDownloadDialog);
    connect(m_welcome, &WelcomePage::recentRequested, this,
            [this](const QString &path) { openIndex(path); });

    createActions();
    createMenus();
    restoreSettings();
    m_welcome->setRecent(recentIndexes());
    m_stack->setCurrentWidget(m_welcome);
    statusBar()->showMessage(tr("No index open"));
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions() {
    m_copyLinkAction = new QAction(tr("Copy Segment Link"), this);
    m_copyLinkAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    connect(m_copyLinkAction, &QAction::triggered, this, [this] {
        if (m_inspector->copyLink())
            statusBar()->showMessage(tr("Copied %1").arg(m_inspector->watchUrl()), 4000);
    });
    m_openYoutubeAction = new QAction(tr("Open Segment on YouTube"), this);
    m_openYoutubeAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_O));
    connect(m_openYoutubeAction, &QAction::triggered, m_inspector,
            &SegmentInspector::openOnYoutube);
    m_closeAction = new QAction(tr("Close Index"), this);
    m_closeAction->setShortcut(QKeySequence::Close);
    m_closeAction->setEnabled(false);
    connect(m_closeAction, &QAction::triggered, this, &MainWindow::closeIndex);
}

void MainWindow::createMenus() {
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("Open &Index…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O), this,
                    &MainWindow::chooseIndex);
    file->addAction(tr("Open &Release Folder…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R),
                    this, &MainWindow::chooseReleaseFolder);
    file->addAction(tr("&Download AudioSet…"), this, &MainWindow::showDownloadDialog);
    file->addAction(tr("Generate &Demo Data (synthetic)"), this, &MainWindow::generateDemo);
    m_exportAction = file->addAction(tr("&Export Subset…"), QKeySequence(Qt::CTRL | Qt::Key_E),
                                     this, &MainWindow::showExportDialog);
    m_exportAction->setEnabled(false);
    m_recentMenu = file->addMenu(tr("Recent Indexes"));
    file->addSeparator();
    file->addAction(m_closeAction);
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(tr("&Find Class"), QKeySequence::Find, m_ontologyPanel,
                    [this] { m_ontologyPanel->focusFilter(); });
    edit->addAction(m_copyLinkAction);

    QMenu *segment = menuBar()->addMenu(tr("&Segment"));
    segment->addAction(m_openYoutubeAction);
    segment->addAction(m_copyLinkAction);
    createAudioActions(file, segment);
    segment->addAction(tr("Go to Segment Table"), QKeySequence(Qt::CTRL | Qt::Key_T), this,
                       [this] { m_segmentPanel->view()->setFocus(); });

    QMenu *review = menuBar()->addMenu(tr("&Review"));
    m_reviewAction =
        review->addAction(tr("&Review This Class…"), QKeySequence(Qt::CTRL | Qt::Key_R), this,
                          &MainWindow::startReview);
    m_reviewAction->setEnabled(false);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    auto *kinds = new QActionGroup(this);
    const QList<std::pair<QString, CountKind>> choices{
        {tr("&Direct Counts"), CountKind::Direct},
        {tr("&Rollup Counts"), CountKind::Rollup},
        {tr("&Exclusive Counts"), CountKind::Exclusive}};
    int key = Qt::Key_1;
    for (const auto &[label, kind] : choices) {
        QAction *action =
            view->addAction(label, QKeySequence(Qt::CTRL | key++), this,
                            [this, kind = kind] { m_ontologyPanel->setCountKind(kind); });
        action->setCheckable(true);
        action->setChecked(kind == m_ontology->countKind());
        kinds->addAction(action);
        connect(m_ontologyPanel, &OntologyPanel::countKindChanged, action,
                [action, kind = kind](CountKind now) { action->setChecked(now == kind); });
    }

    view->addSeparator();
    // Side panes can go, for a small screen; what is left takes their room.
    const auto addPane = [this, view](const QString &title, QKeySequence key, QWidget *pane) {
        QAction *action = view->addAction(title);
        action->setShortcut(key);
        action->setCheckable(true);
        action->setChecked(true);
        connect(action, &QAction::toggled, this,
                [this, pane](bool visible) { setPaneVisible(pane, visible); });
        return action;
    };
    m_treePaneAction =
        addPane(tr("Class &Tree Pane"), QKeySequence(Qt::CTRL | Qt::Key_B), m_ontologyPanel);
    m_inspectorPaneAction =
        addPane(tr("Segment &Inspector Pane"), QKeySequence(Qt::CTRL | Qt::Key_I), m_inspector);

    createGoMenu();
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About AudioSet Browser"), this, &MainWindow::showAbout);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
    updateRecentMenu();
}

bool MainWindow::openIndex(const QString &path, bool quiet) {
    QString error;
    auto catalog = AsyncCatalog::open(path, error);
    auto segmentCatalog = catalog ? AsyncCatalog::open(path, error) : nullptr;
    if (!catalog || !segmentCatalog) {
        statusBar()->showMessage(error);
        if (!quiet) offerReindex(error);
        return false;
    }
    m_classPage->setCatalog(nullptr);
    m_inspector->setCatalog(nullptr);
    m_segments->setCatalog(nullptr);
    setSimilarity(nullptr);
    m_catalog = std::move(catalog);
    m_segmentCatalog = std::move(segmentCatalog);
    for (AsyncCatalog *c : {m_catalog.get(), m_segmentCatalog.get()})
        connect(c, &AsyncCatalog::failed, this, [this](const QString &message) {
            statusBar()->showMessage(tr("Database error: %1").arg(message));
        });
    m_classPage->setCatalog(m_catalog.get());
    m_inspector->setCatalog(m_catalog.get());
    m_segments->setCatalog(m_segmentCatalog.get());
    m_ontologyReady = false;
    m_currentClass.clear();
    m_reviewAction->setEnabled(false);
    m_ontology->clear();
    m_segmentPanel->setClass({});
    m_stack->setCurrentWidget(m_horizontal);
    QTimer::singleShot(0, this, &MainWindow::applyDefaultLayout);
    m_closeAction->setEnabled(true);
    m_exportAction->setEnabled(true);
    statusBar()->showMessage(tr("Loading the ontology…"));
    m_catalog->run<OntologyData>(
        this,
        [](Catalog &catalog) {
            return OntologyData{catalog.classes(), catalog.classEdges(), catalog.stats()};
        },
        [this, path](OntologyData data) {
            m_stats = data.stats;
            if (m_stats.embeddings) setSimilarity(std::make_unique<SimilarityService>(path));
            m_ontology->setOntology(std::move(data.classes), data.edges);
            std::array<bool, kSplitCount> indexed{};
            for (Split split : kAllSplits)
                indexed[static_cast<size_t>(splitIndex(split))] =
                    m_stats.segments[static_cast<size_t>(splitIndex(split))].has_value();
            m_ontology->setIndexedSplits(indexed);
            m_ontologyReady = true;
            const QString name = QFileInfo(path).fileName();
            setWindowTitle(m_stats.synthetic
                               ? tr("%1 — synthetic demo data — AudioSet Browser").arg(name)
                               : tr("%1 — AudioSet Browser").arg(name));
            m_dataBadge->setText(m_stats.synthetic
                                     ? tr("<b style=\"color:#b35c00\">SYNTHETIC demo data</b>")
                                     : tr("AudioSet release"));
            int64_t segments = 0;
            for (const auto &count : m_stats.segments)
                segments += count.value_or(0);
            statusBar()->showMessage(
                tr("%1 classes, %2 segments").arg(m_ontology->classCount()).arg(segments));
            loadReviews();
            // The class looked at last time, in this index or another of the same release.
            const QString last = QSettings().value(QStringLiteral("view/lastClass")).toString();
            if (m_currentClass.isEmpty() && m_ontology->summary(last)) selectClass(last);
            scanAudio();
            Q_EMIT ontologyLoaded();
        });
    addRecent(QFileInfo(path).absoluteFilePath());
    Q_EMIT indexOpened(path);
    return true;
}

void MainWindow::setSimilarity(std::unique_ptr<SimilarityService> service) {
    m_inspector->setSimilarityService(service.get());
    m_classPage->setSimilarityService(service.get());
    m_similarity = std::move(service);
    if (!m_similarity) return;
    // Possible label errors start in the largest split that has embeddings.
    Split largest = Split::Eval;
    for (Split split : kAllSplits)
        if (m_stats.embeddings->linked[size_t(splitIndex(split))] >
            m_stats.embeddings->linked[size_t(splitIndex(largest))])
            largest = split;
    m_classPage->labelErrors()->setSplit(largest);
}

void MainWindow::closeIndex() {
    m_history.clear();
    updateNavigation();
    setSimilarity(nullptr);
    m_classPage->setCatalog(nullptr);
    m_inspector->setCatalog(nullptr);
    m_segments->setCatalog(nullptr);
    m_catalog.reset();
    m_segmentCatalog.reset();
    m_ontology->clear();
    m_ontologyReady = false;
    m_closeAction->setEnabled(false);
    m_exportAction->setEnabled(false);
    m_reviewAction->setEnabled(false);
    m_dataBadge->clear();
    setWindowTitle(tr("AudioSet Browser"));
    m_welcome->setRecent(recentIndexes());
    m_stack->setCurrentWidget(m_welcome);
    statusBar()->showMessage(tr("No index open"));
}

void MainWindow::showClass(const QString &mid) {
    if (mid.isEmpty() || mid == m_currentClass) return;
    m_currentClass = mid;
    if (!m_navigating) m_history.visit(mid);
    updateNavigation();
    m_reviewAction->setEnabled(true);
    m_classPage->showClass(mid, cooccurrenceSplit());
    m_segmentPanel->setClass(mid);
    m_inspector->clear();
}

void MainWindow::selectClass(const QString &mid) {
    m_ontologyPanel->selectClass(mid);
    showClass(mid); // also when the tree cannot show it (a filtered-out class)
}

void MainWindow::setSegmentSplit(std::optional<Split> split) {
    m_segmentPanel->setSplit(split);
}

void MainWindow::showSegment(const SegmentRow &row) {
    const SegmentRow *inTable = m_segmentPanel->currentSegment();
    if (inTable && inTable->id == row.id)
        m_history.selectSegment(m_segmentPanel->currentRow(), row.id);
    m_inspector->showSegment(row, m_currentClass, m_segmentPanel->rollup());
}

// The split the class page counts co-occurrence in: the table's, or the largest one indexed.
Split MainWindow::cooccurrenceSplit() const {
    if (const auto split = m_segmentPanel->split()) return *split;
    Split largest = Split::Eval;
    for (Split split : kAllSplits)
        if (m_stats.segments[static_cast<size_t>(splitIndex(split))].value_or(0) >
            m_stats.segments[static_cast<size_t>(splitIndex(largest))].value_or(0))
            largest = split;
    return largest;
}

bool MainWindow::isSettled() const {
    return m_ontologyReady && m_catalog && m_catalog->isIdle() && m_segmentCatalog &&
           m_segmentCatalog->isIdle() && !m_segments->isLoading() &&
           (!m_similarity || m_similarity->isIdle());
}

void MainWindow::offerReindex(const QString &error) {
    QMessageBox box(QMessageBox::Warning, tr("Cannot open the index"), error, QMessageBox::Cancel,
                    this);
    box.setInformativeText(tr("Index the release folder again to make a new index."));
    QPushButton *reindex = box.addButton(tr("Index a Release Folder…"), QMessageBox::AcceptRole);
    box.setDefaultButton(reindex);
    box.exec();
    if (box.clickedButton() == reindex) chooseReleaseFolder();
}

void MainWindow::chooseReleaseFolder() {
    const QString dir =
        QFileDialog::getExistingDirectory(this, tr("Open an AudioSet release folder"));
    if (!dir.isEmpty()) indexReleaseFolder(dir);
}

void MainWindow::chooseIndex() {
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Open an index"), appDataDir(),
                                     tr("AudioSet Browser indexes (*.db);;All files (*)"));
    if (!path.isEmpty()) openIndex(path);
}

void MainWindow::indexReleaseFolder(const QString &dir) {
    if (m_jobRunning) { // one writer at a time: a download's second stage waits its turn
        m_pendingIndex = dir;
        return;
    }
    const QString db = indexPathForRelease(dir);
    runJob(
        tr("Indexing %1").arg(QFileInfo(dir).fileName()),
        [dir, db](const ProgressCallback &progress) {
            Diagnostics diagnostics;
            IndexOptions options;
            options.dataDir = dir.toStdString();
            options.dbPath = db.toStdString();
            const IndexReport report = indexRelease(options, diagnostics, progress);
            if (report.outcome.isOk() && diagnostics.seriousTotal() > 0)
                return Outcome::ok(tr("%1 problem(s) in the input were skipped; run `audioset "
                                      "index` to list them.")
                                       .arg(diagnostics.seriousTotal())
                                       .toStdString());
            return report.outcome;
        },
        db);
}

void MainWindow::generateDemo() {
    const QString dir = demoDataDir();
    const QString db = demoIndexPath();
    if (QFileInfo::exists(dir) &&
        QMessageBox::question(this, tr("Replace the demo data?"),
                              tr("%1 already holds a synthetic demo dataset. Generate it "
                                 "again and replace it?")
                                  .arg(dir)) != QMessageBox::Yes)
        return;
    runJob(
        tr("Generating the synthetic demo dataset"),
        [dir, db](const ProgressCallback &progress) {
            DemoOptions options;
            options.dir = dir.toStdString();
            options.replace = true; // the window's own demo folder, asked about before
            const Outcome generated = audioset::generateDemo(options, [&](const Progress &p) {
                return progress(Progress{"writing the synthetic dataset", p.done, p.total * 2});
            });
            if (!generated.isOk()) return generated;
            Diagnostics diagnostics;
            IndexOptions index;
            index.dataDir = options.dir;
            index.dbPath = db.toStdString();
            index.force = true;
            const IndexReport report = indexRelease(index, diagnostics, [&](const Progress &p) {
                return progress(Progress{"indexing " + p.phase, p.total + p.done, p.total * 2});
            });
            return report.outcome;
        },
        db);
}

void MainWindow::runJob(const QString &title,
                        const std::function<Outcome(const ProgressCallback &)> &job,
                        const QString &indexToOpen) {
    auto *dialog = new JobDialog(title, job, this);
    m_jobRunning = true;
    connect(dialog, &JobDialog::finished, this,
            [this, dialog, indexToOpen](const Outcome &outcome) {
                dialog->deleteLater();
                m_jobRunning = false;
                if (!m_pendingIndex.isEmpty())
                    QTimer::singleShot(0, this, [this, dir = std::exchange(m_pendingIndex, {})] {
                        indexReleaseFolder(dir);
                    });
                const QString message = QString::fromStdString(outcome.message);
                if (outcome.isCancelled()) {
                    statusBar()->showMessage(tr("Cancelled; nothing was changed."), 6000);
                    return;
                }
                if (outcome.isFailed()) {
                    QMessageBox::warning(this, tr("It did not work"), message);
                    return;
                }
                if (openIndex(indexToOpen) && !message.isEmpty())
                    statusBar()->showMessage(message, 10000);
            });
    dialog->start();
}

QStringList MainWindow::recentIndexes() const {
    QStringList existing;
    for (const QString &path : QSettings().value(QStringLiteral("recentIndexes")).toStringList())
        if (QFileInfo::exists(path)) existing << path;
    return existing;
}

void MainWindow::addRecent(const QString &path) {
    QStringList recent = recentIndexes();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > kMaxRecent)
        recent.removeLast();
    QSettings settings;
    settings.setValue(QStringLiteral("recentIndexes"), recent);
    settings.setValue(QStringLiteral("lastIndex"), path);
    updateRecentMenu();
}

void MainWindow::updateRecentMenu() {
    if (!m_recentMenu) return;
    m_recentMenu->clear();
    const QStringList recent = recentIndexes();
    for (const QString &path : recent)
        m_recentMenu->addAction(path, this, [this, path] { openIndex(path); });
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::closeEvent(QCloseEvent *event) {
    saveSettings();
    event->accept();
}

ExportDialog *MainWindow::showExportDialog() {
    if (!m_catalog) return nullptr;
    auto *dialog = new ExportDialog(m_catalog.get(), m_ontology, m_catalog->path(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (!m_currentClass.isEmpty()) dialog->includeOnly(m_currentClass);
    dialog->show();
    return dialog;
}

void MainWindow::showAbout() {
    QMessageBox::about(
        this, tr("About AudioSet Browser"),
        tr("<h3>AudioSet Browser %1</h3>"
           "<p>A desktop tool for exploring Google's AudioSet: the sound ontology, segments per "
           "split, "
           "label quality and VGGish embeddings.</p>"
           "<p><b>AudioSet</b> (segment lists, labels, quality ratings, embeddings) is © Google "
           "and "
           "licensed under <a href=\"https://creativecommons.org/licenses/by/4.0/\">CC BY 4.0</a>. "
           "The <b>AudioSet ontology</b> is licensed under "
           "<a href=\"https://creativecommons.org/licenses/by-sa/4.0/\">CC BY-SA 4.0</a>. "
           "Gemmeke et al., <i>Audio Set: An ontology and human-labeled dataset for audio "
           "events</i>, "
           "ICASSP 2017.</p>"
           "<p>The demo dataset is synthetic: made up by this program, shaped like the "
           "release.</p>")
            .arg(QApplication::applicationVersion()));
}

} // namespace audioset::ui

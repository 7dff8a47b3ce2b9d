// The window as a daily tool (issue 14), driven as a user would: the export dialog's lists,
// memory and replace question; Back and Forward; the keyboard between panes; honest empty
// states; the heatmap's size; dark palettes; the first run's size and the last class.
#include "classpage.h"
#include "compactcountdelegate.h"
#include "darkpalette.h"
#include "flowlayout.h"
#include "heatmapwidget.h"
#include "ontologymodel.h"
#include "ontologypanel.h"
#include "segmentinspector.h"
#include "segmentpanel.h"
#include "segmenttablemodel.h"
#include "subsetpreviewmodel.h"
#include "windowtesting.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QBarCategoryAxis>
#include <QChartView>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QScreen>
#include <QScrollBar>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>

using namespace audioset;
using namespace audioset::ui;
using namespace audioset::ui::windowtest;

class TestWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear(); // what an earlier run remembered
    }

    // Issue 14, item 1: Delete and Remove take one class off the list that has the focus; the
    // dialog comes back as it was left (but for the included classes, which follow the
    // window's class); a cap per class says which segments were drawn for a class; an existing
    // folder is replaced only when the user says so.
    void exportDialogRemovesRemembersExplainsAndAsks() {
        FixtureWriter fixture;
        MainWindow window;
        ExportDialog *dialog = openExportDialog(window, fixture, QStringLiteral("/m/a"));
        QVERIFY(dialog);
        auto *include = dialog->findChild<QListWidget *>(QStringLiteral("includeList"));
        auto *exclude = dialog->findChild<QListWidget *>(QStringLiteral("excludeList"));
        QVERIFY(include && exclude);
        dialog->addExclude(QStringLiteral("/m/e"), false);
        dialog->addExclude(QStringLiteral("/m/d"), false);
        exclude->setFocus();
        exclude->setCurrentRow(0);
        QTest::keyClick(exclude, Qt::Key_Delete);
        QCOMPARE(exclude->count(), 1);
        QCOMPARE(exclude->item(0)->data(Qt::UserRole).toString(), QStringLiteral("/m/d"));
        QCOMPARE(include->count(), 1);
        dialog->addInclude(QStringLiteral("/m/b"), false);
        include->setCurrentRow(1);
        QPushButton *removeInclude = nullptr;
        for (QPushButton *button : dialog->findChildren<QPushButton *>())
            if (button->text() == QStringLiteral("Remove") &&
                button->parentWidget() == include->parentWidget())
                removeInclude = button;
        QVERIFY(removeInclude && removeInclude->isEnabled());
        removeInclude->click();
        QCOMPARE(include->count(), 1);
        QCOMPARE(exclude->count(), 1);

        // At most one per class: a count holds what was drawn for other classes too.
        SubsetSelection capped = dialog->selection();
        capped.exclude.clear();
        capped.perClassMax = 1;
        dialog->setSelection(capped);
        QVERIFY(waitUntil([&] { return !dialog->isPreviewing(); }));
        QVERIFY2(dialog->summaryText().contains(QStringLiteral("Up to 1 drawn per class")),
                 qPrintable(dialog->summaryText()));
        bool bracketed = false;
        for (int row = 0; row < dialog->previewModel()->rowCount(); ++row)
            bracketed |= dialog->previewModel()
                             ->index(row, SubsetPreviewModel::EvalColumn)
                             .data()
                             .toString()
                             .endsWith(QStringLiteral(" (1)"));
        QVERIFY(bracketed);
        if (const QString shots = qEnvironmentVariable("AUDIOSET_TEST_SCREENSHOTS");
            !shots.isEmpty()) {
            dialog->grab().save(shots + QStringLiteral("/export-dialog-capped.png"));
            const QSize size = dialog->size();
            dialog->resize(1000, 660); // on a 1024 x 700 screen
            QCoreApplication::processEvents();
            dialog->grab().save(shots + QStringLiteral("/export-dialog-small.png"));
            dialog->resize(size);
        }

        // An existing folder: Cancel leaves it, Yes replaces it.
        const QString out = fixture.path(QStringLiteral("existing"));
        QVERIFY(QDir().mkpath(out));
        dialog->setOutputFolder(out);
        QSignalSpy finished(dialog, &ExportDialog::exportFinished);
        auto answer = [](QMessageBox::StandardButton button) {
            QTimer::singleShot(0, [button] {
                auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
                if (box) box->button(button)->click();
            });
        };
        answer(QMessageBox::Cancel);
        dialog->startExport();
        QCOMPARE(finished.count(), 0);
        QVERIFY(!QFile::exists(out + QStringLiteral("/eval_segments.csv")));
        answer(QMessageBox::Yes);
        dialog->startExport();
        QVERIFY(finished.wait(30000));
        QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
        QVERIFY(QFile::exists(out + QStringLiteral("/eval_segments.csv")));
        dialog->close(); // deleted on close: what it remembers is saved

        // Opened again on another class: the rest as it was left.
        QVERIFY(QTest::qWaitFor([&] { return window.findChildren<ExportDialog *>().isEmpty(); }));
        window.selectClass(QStringLiteral("/m/b"));
        QVERIFY(waitUntil([&] { return window.isSettled(); }));
        ExportDialog *again = window.showExportDialog();
        const SubsetSelection restored = again->selection();
        QCOMPARE(restored.include.size(), size_t(1));
        QCOMPARE(restored.include[0].mid, std::string("/m/b"));
        QCOMPARE(restored.perClassMax.value_or(0), int64_t(1));
        QCOMPARE(QString::fromStdString(again->exportOptions().outDir), out);
        again->close();
    }

    // Issue 14, item 2: a link to a class the filter hides opens and selects it (the filter's
    // delayed re-apply used to collapse the tree again); Back and Forward (Alt+Left/Right, the
    // mouse's side buttons) return to each class with its segment; a new class starts at the top
    // of its page.
    void navigationKeepsItsPlace() {
        FixtureWriter fixture;
        indexFixture(fixture);
        MainWindow window;
        QVERIFY(openWindowOn(window, fixture.dbPath()));
        window.setSegmentSplit(Split::Eval);
        window.segmentPanel()->setRollup(true);
        window.selectClass(QStringLiteral("/m/a"));
        QVERIFY(waitUntil([&] { return window.isSettled(); }));
        window.segmentPanel()->selectRow(2);
        QVERIFY(waitUntil([&] { return window.isSettled(); }));
        const QString alphaSegment = window.inspector()->watchUrl();
        QVERIFY(!alphaSegment.isEmpty());

        auto *filter = window.ontologyPanel()->findChild<QLineEdit *>();
        QVERIFY(filter);
        filter->setText(QStringLiteral("Beta"));
        QTest::qWait(300); // the filter applies after a pause in typing
        window.classPage()->verticalScrollBar()->setValue(
            window.classPage()->verticalScrollBar()->maximum());
        window.selectClass(QStringLiteral("/m/e")); // as a link would: Epsilon is filtered out
        QTest::qWait(300);
        QVERIFY(waitUntil([&] { return window.isSettled(); }));
        const QModelIndex current = window.ontologyPanel()->view()->currentIndex();
        QCOMPARE(current.data(OntologyModel::MidRole).toString(), QStringLiteral("/m/e"));
        QVERIFY(window.ontologyPanel()->view()->isExpanded(current.parent()));
        QCOMPARE(window.classPage()->verticalScrollBar()->value(), 0);

        QTest::keySequence(&window, QKeySequence::Back);
        QVERIFY(waitUntil(
            [&] { return window.isSettled() && window.inspector()->watchUrl() == alphaSegment; }));
        QCOMPARE(window.classPage()->titleText(), QStringLiteral("Alpha"));
        QCOMPARE(window.segmentPanel()->currentRow(), 2);
        QTest::keySequence(&window, QKeySequence::Forward);
        QVERIFY(waitUntil([&] {
            return window.isSettled() &&
                   window.classPage()->titleText() == QLatin1String("Epsilon");
        }));
        // The mouse's Back button, over the segment table.
        QWidget *table = window.segmentPanel()->view()->viewport();
        QTest::mouseClick(table, Qt::BackButton, {}, QPoint(10, 10));
        QVERIFY(waitUntil([&] {
            return window.isSettled() && window.classPage()->titleText() == QLatin1String("Alpha");
        }));
        // A new visit drops what lay forward.
        window.selectClass(QStringLiteral("/m/b"));
        QVERIFY(waitUntil([&] { return window.isSettled(); }));
        window.goForward();
        QVERIFY(waitUntil([&] { return window.isSettled(); }));
        QCOMPARE(window.classPage()->titleText(), QStringLiteral("Beta"));
        window.goBack();
        QVERIFY(waitUntil([&] {
            return window.isSettled() && window.classPage()->titleText() == QLatin1String("Alpha");
        }));
    }

    // Issue 14, item 4: Down from the filter goes into the tree, Tab leaves a table instead of
    // walking its cells and reaches the inspector's links, Ctrl+Shift+T comes back to the tree.
    void keyboardMovesBetweenPanes() {
        FixtureWriter fixture;
        indexFixture(fixture);
        MainWindow window;
        QVERIFY(openWindowOn(window, fixture.dbPath()));
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QTest::keySequence(&window, QKeySequence::Find);
        auto *filter = qobject_cast<QLineEdit *>(QApplication::focusWidget());
        QVERIFY(filter);
        QTest::keyClicks(filter, QStringLiteral("Gam"));
        QTest::keyClick(filter, Qt::Key_Down);
        QTreeView *tree = window.ontologyPanel()->view();
        QCOMPARE(QApplication::focusWidget(), tree);
        QCOMPARE(tree->currentIndex().data(OntologyModel::MidRole).toString(),
                 QStringLiteral("/m/a")); // the first row the filter left: Gamma's parent
        window.selectClass(QStringLiteral("/m/a"));
        QVERIFY(waitUntil([&] { return window.isSettled(); }));
        window.segmentPanel()->selectRow(0);
        QVERIFY(waitUntil([&] { return window.isSettled(); }));
        QTableView *table = window.segmentPanel()->view();
        table->setFocus();
        const QModelIndex before = table->currentIndex();
        QTest::keyClick(table, Qt::Key_Tab);
        QVERIFY(QApplication::focusWidget() != table);
        QCOMPARE(table->currentIndex(), before);
        // Tabbing on reaches the inspector's label links.
        bool reachedLinks = false;
        for (int i = 0; i < 40 && !reachedLinks; ++i) {
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
            auto *label = qobject_cast<QLabel *>(QApplication::focusWidget());
            reachedLinks = label && window.inspector()->isAncestorOf(label) &&
                           label->text().contains(QStringLiteral("href"));
        }
        QVERIFY(reachedLinks);
        QTest::keySequence(QApplication::focusWidget(),
                           QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T));
        QCOMPARE(QApplication::focusWidget(), tree);
        // No two of the window's actions share a shortcut: Qt would fire neither.
        QHash<QString, QString> owners;
        for (const QAction *action : window.findChildren<QAction *>())
            for (const QKeySequence &key : action->shortcuts()) {
                const QString text = key.toString();
                QVERIFY2(!owners.contains(text),
                         qPrintable(text + QStringLiteral(": ") + owners.value(text) +
                                    QStringLiteral(" and ") + action->text()));
                owners.insert(text, action->text());
            }
    }

    // Issue 14, item 6: splits that are not indexed say so instead of showing zeros, the export
    // leaves them out, the tree's looks are explained, and a link no browser can open is
    // copied with a message instead of failing silently.
    void emptyStatesAreHonest() {
        FixtureWriter fixture;
        MainWindow window;
        ExportDialog *dialog = openExportDialog(window, fixture, QStringLiteral("/m/a"));
        QVERIFY(dialog); // the standard fixture indexes eval alone
        const QModelIndex alpha = window.ontologyPanel()->view()->currentIndex();
        const QModelIndex balanced = alpha.siblingAtColumn(OntologyModel::BalancedColumn);
        QCOMPARE(balanced.data().toString(), QStringLiteral("—"));
        QVERIFY(balanced.data(Qt::ToolTipRole).toString().contains(QStringLiteral("not indexed")));
        QVERIFY(alpha.siblingAtColumn(OntologyModel::EvalColumn).data().toString() !=
                QStringLiteral("—"));
        QVERIFY(window.ontologyPanel()->findChild<QLabel *>(QStringLiteral("treeLegend")));
        // The class chart draws the indexed split alone.
        auto *chart = window.classPage()->findChild<QChartView *>();
        QVERIFY(chart && !chart->chart()->axes(Qt::Horizontal).isEmpty());
        auto *splits = qobject_cast<QBarCategoryAxis *>(chart->chart()->axes(Qt::Horizontal)[0]);
        QVERIFY(splits);
        QCOMPARE(splits->categories(), QStringList{QStringLiteral("eval")});
        QCOMPARE(dialog->selection().splits, std::vector<Split>{Split::Eval});
        bool offAndSaysSo = false;
        for (QCheckBox *box : dialog->findChildren<QCheckBox *>())
            if (box->text().contains(QStringLiteral("not indexed")))
                offAndSaysSo = !box->isChecked() && !box->isEnabled();
        QVERIFY(offAndSaysSo);
        dialog->close();

        window.segmentPanel()->selectRow(0);
        QVERIFY(waitUntil([&] { return window.isSettled(); }));
        window.inspector()->setUrlOpener([](const QUrl &) { return false; });
        QApplication::clipboard()->clear();
        QVERIFY(!window.inspector()->openOnYoutube());
        QCOMPARE(QApplication::clipboard()->text(), window.inspector()->watchUrl());
        QVERIFY2(window.statusBar()->currentMessage().contains(QStringLiteral("No web browser")),
                 qPrintable(window.statusBar()->currentMessage()));

        // A filter that matches no class says so; a YouTube id finds its segment instead.
        auto *filter = window.ontologyPanel()->findChild<QLineEdit *>();
        auto *empty = window.ontologyPanel()->findChild<QLabel *>(QStringLiteral("treeEmpty"));
        QVERIFY(filter && empty);
        filter->setText(QStringLiteral("no such thing"));
        QVERIFY(waitUntil([&] { return empty->isVisible(); }));
        QVERIFY(empty->text().contains(QStringLiteral("No class matches")));
        filter->setText(QStringLiteral("aaaaaaaaaa3"));
        QVERIFY(waitUntil([&] {
            return window.isSettled() &&
                   window.inspector()->watchUrl().contains(QStringLiteral("aaaaaaaaaa3"));
        }));
        QVERIFY2(empty->text().contains(QStringLiteral("YouTube id with 1 segment here")),
                 qPrintable(empty->text()));
        // A segment without frames: the "no embedding" line keeps its own height.
        for (const HeatmapWidget *map : window.inspector()->findChildren<HeatmapWidget *>())
            if (map->isVisible()) QVERIFY(map->height() <= map->sizeHint().height());
        if (const QString shots = qEnvironmentVariable("AUDIOSET_TEST_SCREENSHOTS");
            !shots.isEmpty())
            window.grab().save(shots + QStringLiteral("/found-by-id.png"));
        filter->clear();
        QVERIFY(waitUntil([&] { return !empty->isVisible(); }));
        QVERIFY(window.ontologyPanel()->view()->isVisible());
    }

    // Issue 14, item 3: a segment's frames grow with the space the panel gives them; a message
    // (no embedding) and the one-row class mean do not.
    void heatmapGrowsWithThePanel() {
        QWidget panel;
        auto *layout = new QVBoxLayout(&panel);
        auto *frames = new HeatmapWidget(&panel);
        auto *mean = new HeatmapWidget(&panel);
        layout->addWidget(frames, 3);
        layout->addWidget(mean);
        layout->addStretch(1);
        frames->setValues(std::vector<float>(10 * 128, 0.5f), 10, 128, QStringLiteral("s"));
        mean->setValues(std::vector<float>(128, 0.5f), 1, 128, QStringLiteral("mean"));
        panel.resize(500, 400);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        const int small = frames->height(), meanSmall = mean->height();
        panel.resize(500, 900);
        QTest::qWait(20);
        QVERIFY2(frames->height() > small + 200,
                 qPrintable(QStringLiteral("%1 -> %2").arg(small).arg(frames->height())));
        QCOMPARE(mean->height(), meanSmall);
        frames->clear(QStringLiteral("No embedding for this segment in the index."));
        QTest::qWait(20);
        QVERIFY(frames->height() <= frames->sizeHint().height());
    }

    // Issue 14, item 7: a dark palette gets readable links and a dark chart.
    void darkPalettesStayReadable() {
        QPalette dark;
        dark.setColor(QPalette::Window, QColor(0x20, 0x20, 0x24));
        dark.setColor(QPalette::WindowText, Qt::white);
        dark.setColor(QPalette::Link, QColor(0, 0, 0xff)); // Qt's default, lost on dark
        const QPalette fixed = withReadableLinks(dark);
        QVERIFY(fixed.color(QPalette::Link).lightness() >= 140);
        QPalette light;
        light.setColor(QPalette::Window, Qt::white);
        light.setColor(QPalette::Link, QColor(0, 0, 0xff));
        QCOMPARE(withReadableLinks(light).color(QPalette::Link), QColor(0, 0, 0xff));

        FixtureWriter fixture;
        indexFixture(fixture);
        const QPalette before = QApplication::palette();
        QApplication::setPalette(fixed); // as main() sets it
        MainWindow window;
        QVERIFY(openWindowOn(window, fixture.dbPath()));
        window.selectClass(QStringLiteral("/m/a"));
        QVERIFY(waitUntil([&] { return window.isSettled(); }));
        auto *chart = window.classPage()->findChild<QChartView *>();
        QVERIFY(chart);
        QCOMPARE(chart->chart()->theme(), QChart::ChartThemeDark);
        if (const QString shots = qEnvironmentVariable("AUDIOSET_TEST_SCREENSHOTS");
            !shots.isEmpty()) {
            QTest::qWait(100); // the layout requests the new page posted
            window.grab().save(shots + QStringLiteral("/dark.png"));
        }
        QApplication::setPalette(before);
    }

    // Issue 14, item 5: at 1024 x 700 (and 1600 x 1000) everything fits: the window takes that
    // size, no widget is squeezed below its minimum or clips its wrapped text, the tree keeps all
    // its columns in view, the segment filters stay whole, and the co-occurrence table shows
    // rows, not just its header.
    void fitsSmallAndLargeScreens() {
        FixtureWriter fixture;
        indexFixture(fixture);
        MainWindow window;
        QVERIFY(openWindowOn(window, fixture.dbPath()));
        window.selectClass(QStringLiteral("/m/a"));
        QVERIFY(waitUntil([&] { return window.isSettled(); }));
        window.segmentPanel()->selectRow(0);
        QVERIFY(waitUntil([&] { return window.isSettled(); }));
        for (const QSize size : {QSize(1024, 700), QSize(1600, 1000)}) {
            window.resize(size);
            QTest::qWait(100);
            QCOMPARE(window.size(), size);
            for (QWidget *widget : window.findChildren<QWidget *>()) {
                if (!widget->isVisibleTo(&window) || widget->isWindow()) continue;
                const QString what =
                    QStringLiteral("%1 %2 at %3x%4")
                        .arg(QLatin1String(widget->metaObject()->className()), widget->objectName())
                        .arg(size.width())
                        .arg(size.height());
                const QSize least = widget->minimumSizeHint();
                // A header's hint is its scroll area's; its view sizes it, not a layout.
                if (least.isValid() && !qobject_cast<QHeaderView *>(widget))
                    QVERIFY2(widget->width() >= least.width() && widget->height() >= least.height(),
                             qPrintable(what));
                if (auto *label = qobject_cast<QLabel *>(widget);
                    label && label->wordWrap() && !label->text().isEmpty())
                    QVERIFY2(label->height() >= label->heightForWidth(label->width()),
                             qPrintable(what + QStringLiteral(": ") + label->text()));
            }
            // The class page never needs to scroll sideways.
            QCOMPARE(window.classPage()->horizontalScrollBar()->maximum(), 0);
            QTreeView *tree = window.ontologyPanel()->view();
            QVERIFY2(tree->header()->length() <= tree->viewport()->width(),
                     qPrintable(QStringLiteral("columns %1 in %2")
                                    .arg(tree->header()->length())
                                    .arg(tree->viewport()->width())));
            SegmentPanel *segments = window.segmentPanel();
            for (QWidget *control : segments->findChildren<QComboBox *>())
                QVERIFY(segments->rect().contains(control->geometry()));
            auto *cooccurring = window.classPage()->findChildren<QTableView *>().value(0);
            QVERIFY(cooccurring);
            QVERIFY(cooccurring->viewport()->height() >= 3 * cooccurring->rowHeight(0));
            if (const QString shots = qEnvironmentVariable("AUDIOSET_TEST_SCREENSHOTS");
                !shots.isEmpty()) {
                const QString name =
                    QStringLiteral("%1/fit-%2x%3").arg(shots).arg(size.width()).arg(size.height());
                window.grab().save(name + QStringLiteral(".png"));
                window.classPage()->ensureWidgetVisible(cooccurring);
                QTest::qWait(50);
                window.grab().save(name + QStringLiteral("-scrolled.png"));
                window.classPage()->verticalScrollBar()->setValue(0);
            }
        }
        // The tree's titles shorten in a narrow tree and say in full what they mean.
        QTreeView *tree = window.ontologyPanel()->view();
        window.resize(1024, 700);
        QTest::qWait(50);
        const QAbstractItemModel *model = tree->model();
        QVERIFY(model->headerData(OntologyModel::QualityColumn, Qt::Horizontal, Qt::ToolTipRole)
                    .toString()
                    .startsWith(QStringLiteral("Quality")));
        QVERIFY(!model->headerData(OntologyModel::EvalColumn, Qt::Horizontal, Qt::ToolTipRole)
                     .toString()
                     .isEmpty());
        QCOMPARE(model->headerData(OntologyModel::QualityColumn, Qt::Horizontal).toString(),
                 QStringLiteral("Qual."));

        // A side pane can go (Ctrl+I, Ctrl+B) and give its room to the class page.
        QVERIFY(QTest::qWaitForWindowActive(&window));
        const int pageWidth = window.classPage()->width();
        QTest::keySequence(&window, QKeySequence(Qt::CTRL | Qt::Key_I));
        QVERIFY(waitUntil([&] { return window.classPage()->width() > pageWidth + 200; }));
        QVERIFY(!window.inspector()->isVisible());
        QTest::keySequence(&window, QKeySequence(Qt::CTRL | Qt::Key_I));
        QVERIFY(waitUntil([&] { return window.inspector()->isVisible(); }));

        // Columns fitted in a small window are fitted again when the next launch is larger.
        window.close();
        MainWindow again;
        QVERIFY(openWindowOn(again, fixture.dbPath()));
        again.resize(1600, 1000);
        QTest::qWait(100);
        QTreeView *wide = again.ontologyPanel()->view();
        QVERIFY(wide->header()->length() <= wide->viewport()->width());
        QCOMPARE(wide->model()->headerData(OntologyModel::QualityColumn, Qt::Horizontal).toString(),
                 QStringLiteral("Quality"));
        QVERIFY(again.inspector()->isVisible());
    }

    // Issue 14, item 7: a header click sorts the segment table on that column (every row, not
    // the loaded page), a second click turns the order round, a third goes back to the index's
    // own order; the order stays when the class changes.
    void segmentTableSortsOnAHeaderClick() {
        FixtureWriter fixture;
        indexFixture(fixture);
        MainWindow window;
        QVERIFY(openWindowOn(window, fixture.dbPath()));
        SegmentTableModel *model = window.segmentModel();
        QAbstractItemModelTester tester(model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        window.segmentPanel()->setRollup(true);
        window.selectClass(QStringLiteral("/m/a"));
        QVERIFY(waitUntil([&] { return window.isSettled(); }));
        const auto column = [&](int role) {
            QVariantList values;
            for (int row = 0; row < model->rowCount(); ++row)
                values << model->index(row, 0).data(role);
            return values;
        };
        const QVariantList natural = column(SegmentTableModel::SegmentIdRole);
        QVERIFY(natural.size() >= 4);
        QHeaderView *header = window.segmentPanel()->view()->horizontalHeader();
        const auto clickHeader = [&](int section) {
            QTest::mouseClick(header->viewport(), Qt::LeftButton, {},
                              QPoint(header->sectionViewportPosition(section) + 5, 5));
            return waitUntil([&] { return window.isSettled() && !model->isLoading(); });
        };
        QVERIFY(clickHeader(SegmentTableModel::StartColumn));
        QVariantList starts = column(SegmentTableModel::StartMsRole);
        QCOMPARE(starts.size(), natural.size());
        QVERIFY(
            std::is_sorted(starts.begin(), starts.end(), [](const QVariant &a, const QVariant &b) {
                return a.toLongLong() < b.toLongLong();
            }));
        QVERIFY(column(SegmentTableModel::SegmentIdRole) != natural);
        QVERIFY(clickHeader(SegmentTableModel::StartColumn));
        starts = column(SegmentTableModel::StartMsRole);
        QVERIFY(
            std::is_sorted(starts.begin(), starts.end(), [](const QVariant &a, const QVariant &b) {
                return a.toLongLong() > b.toLongLong();
            }));
        window.selectClass(QStringLiteral("/m/b"));
        QVERIFY(waitUntil([&] { return window.isSettled() && !model->isLoading(); }));
        QCOMPARE(model->query().sort, SegmentSort::Start);
        window.selectClass(QStringLiteral("/m/a"));
        QVERIFY(waitUntil([&] { return window.isSettled() && !model->isLoading(); }));
        QVERIFY(clickHeader(SegmentTableModel::StartColumn));
        QCOMPARE(header->sortIndicatorSection(), -1);
        QCOMPARE(column(SegmentTableModel::SegmentIdRole), natural);
    }

    // Issue 14, item 5: what the narrow layout is made of. Counts shorten only as far as they
    // must; a row of controls wraps instead of widening its panel.
    void narrowPartsShortenAndWrap() {
        QCOMPARE(compactCount(999), QStringLiteral("999"));
        QCOMPARE(compactCount(8836), QStringLiteral("8.8k"));
        QCOMPARE(compactCount(9960), QStringLiteral("10k"));
        QCOMPARE(compactCount(42531), QStringLiteral("43k"));
        QCOMPARE(compactCount(999600), QStringLiteral("1.0M"));
        QCOMPARE(compactCount(2042985), QStringLiteral("2.0M"));
        QCOMPARE(compactCount(20429850), QStringLiteral("20M"));

        QWidget panel;
        auto *flow = new FlowLayout(&panel);
        QList<QPushButton *> buttons;
        for (const char *text : {"First button", "Second", "A third, wider button"})
            flow->addWidget(buttons.emplace_back(new QPushButton(QLatin1String(text))));
        const int widest = buttons[2]->sizeHint().width();
        QCOMPARE(flow->minimumSize().width(), widest);
        const int oneRow = flow->sizeHint().width();
        QCOMPARE(flow->heightForWidth(oneRow), buttons[0]->sizeHint().height());
        QVERIFY(flow->heightForWidth(widest) >= 2 * buttons[0]->sizeHint().height());
        panel.resize(widest, flow->heightForWidth(widest));
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        for (QPushButton *button : buttons)
            QVERIFY(panel.rect().contains(button->geometry()));
        QVERIFY(buttons[2]->y() > buttons[0]->y()); // wrapped onto a row of its own
    }

    // Issue 14, item 5: a first run opens roomy but within the screen, and says when it has
    // nothing remembered.
    void firstRunOpensWithinTheScreen() {
        QSettings().remove(QStringLiteral("window/geometry"));
        MainWindow window;
        QVERIFY(!window.hasRememberedGeometry());
        const QRect screen = window.screen()->availableGeometry();
        const QSize size = window.firstRunSize({1500, 940});
        QVERIFY(size.width() <= screen.width() && size.height() <= screen.height());
        QCOMPARE(size.width(), std::min(1500, screen.width() * 9 / 10));
        QCOMPARE(window.firstRunSize({300, 200}), QSize(300, 200));
    }

    // Issue 14, item 7: the class looked at last comes back at the next launch.
    void lastClassComesBack() {
        FixtureWriter fixture;
        indexFixture(fixture);
        {
            MainWindow window;
            QVERIFY(openWindowOn(window, fixture.dbPath()));
            window.selectClass(QStringLiteral("/m/c"));
            QVERIFY(waitUntil([&] { return window.isSettled(); }));
            window.close(); // saves what it remembers
        }
        MainWindow again;
        QVERIFY(openWindowOn(again, fixture.dbPath()));
        QVERIFY(waitUntil([&] {
            return again.isSettled() && again.classPage()->titleText() == QLatin1String("Gamma");
        }));
        QCOMPARE(again.ontologyPanel()->view()->currentIndex().data(OntologyModel::MidRole),
                 QVariant(QStringLiteral("/m/c")));
        QSettings().remove(QStringLiteral("view/lastClass")); // the other tests start blank
    }
};

QTEST_MAIN(TestWindow)
#include "tst_window.moc"

// The window and its models, headless: every model and proxy under QAbstractItemModelTester,
// the window driven like a user (select a class, check the counts, the first segment, its
// YouTube link), a bad id that never becomes a URL, keyboard walking, and the --screenshot mode.
#include "asynccatalog.h"
#include "classpage.h"
#include "clirunner.h"
#include "cooccurrencemodel.h"
#include "diagnostics.h"
#include "exportdialog.h"
#include "fixturewriter.h"
#include "heatmapwidget.h"
#include "indexer.h"
#include "mainwindow.h"
#include "ontologyfilterproxy.h"
#include "ontologymodel.h"
#include "ontologypanel.h"
#include "segmentinspector.h"
#include "segmentpanel.h"
#include "segmenttablemodel.h"
#include "selectionstore.h"
#include "subsetpreviewmodel.h"
#include "windowtesting.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTest>
#include <QTreeView>

using namespace audioset;
using namespace audioset::ui;
using audioset::test::FixtureWriter;
using namespace audioset::ui::windowtest;

namespace {

std::unique_ptr<Catalog> openCatalog(const FixtureWriter &fixture) {
    std::string error;
    return Catalog::open(fixture.dbPath().toStdString(), error);
}

} // namespace

class TestUi : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear(); // what an earlier run remembered
    }

    void ontologyModelShowsTheDag() {
        FixtureWriter fixture;
        indexFixture(fixture);
        auto catalog = openCatalog(fixture);
        OntologyModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setOntology(catalog->classes(), catalog->classEdges());
        // Roots: /m/a and /m/f; /m/d appears under both /m/b and /m/c.
        QCOMPARE(model.rowCount(), 2);
        const QModelIndex a = model.index(0, 0);
        QCOMPARE(a.data(OntologyModel::MidRole).toString(), QStringLiteral("/m/a"));
        QCOMPARE(a.data().toString(), QStringLiteral("Alpha"));
        int placesOfD = 0;
        for (int row = 0; row < model.rowCount(a); ++row) {
            const QModelIndex child = model.index(row, 0, a);
            for (int grandchild = 0; grandchild < model.rowCount(child); ++grandchild)
                placesOfD +=
                    model.index(grandchild, 0, child).data(OntologyModel::MidRole).toString() ==
                    QLatin1String("/m/d");
        }
        QCOMPARE(placesOfD, 2);
        QCOMPARE(model.pathsTo(QStringLiteral("/m/d")).size(), size_t(2));
        // Counts follow the switch: eval rollup of /m/a is 4, direct 1, exclusive 0.
        QCOMPARE(model.index(0, OntologyModel::EvalColumn).data().toString(), QStringLiteral("4"));
        model.setCountKind(CountKind::Direct);
        QCOMPARE(model.index(0, OntologyModel::EvalColumn).data().toString(), QStringLiteral("1"));
        model.setCountKind(CountKind::Exclusive);
        QCOMPARE(model.index(0, OntologyModel::EvalColumn).data().toString(), QStringLiteral("0"));
        QCOMPARE(model.index(0, OntologyModel::QualityColumn).data().toString(),
                 QStringLiteral("90%"));
        // /m/f is abstract and not a label: italic, greyed.
        const QModelIndex f = model.index(1, 0);
        QVERIFY(f.data(Qt::FontRole).value<QFont>().italic());
        QVERIFY(!f.data(OntologyModel::IsLabelRole).toBool());
    }

    void filterProxyKeepsAncestors() {
        FixtureWriter fixture;
        indexFixture(fixture);
        auto catalog = openCatalog(fixture);
        OntologyModel model;
        model.setOntology(catalog->classes(), catalog->classEdges());
        OntologyFilterProxy proxy;
        QAbstractItemModelTester tester(&proxy,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.setSourceModel(&model);
        proxy.setFilterText(QStringLiteral("epsil"));
        QCOMPARE(proxy.rowCount(), 1); // /m/a, kept for its descendant
        const QModelIndex a = proxy.index(0, 0);
        QCOMPARE(proxy.rowCount(a), 1); // /m/c only
        QCOMPARE(proxy.index(0, 0, proxy.index(0, 0, a)).data().toString(),
                 QStringLiteral("Epsilon"));
        proxy.setFilterText(QStringLiteral("/m/g"));
        QCOMPARE(proxy.rowCount(), 1);
        QCOMPARE(proxy.index(0, 0).data(OntologyModel::MidRole).toString(), QStringLiteral("/m/f"));
        proxy.setFilterText(QString());
        proxy.sort(OntologyModel::EvalColumn, Qt::DescendingOrder);
        QCOMPARE(proxy.index(0, 0).data(OntologyModel::MidRole).toString(), QStringLiteral("/m/a"));
    }

    void segmentModelFetchesPagesLazily() {
        QTemporaryDir dir;
        const QString data = dir.filePath(QStringLiteral("demo"));
        const QString db = dir.filePath(QStringLiteral("demo.db"));
        QCOMPARE(test::runCli({QStringLiteral("generate-demo"), data, QStringLiteral("--segments"),
                               QStringLiteral("3000"), QStringLiteral("--no-features")})
                     .exitCode,
                 0);
        QCOMPARE(test::runCli({QStringLiteral("index"), data, QStringLiteral("--db"), db}).exitCode,
                 0);
        QString error;
        auto catalog = AsyncCatalog::open(db, error);
        QVERIFY2(catalog, qPrintable(error));
        SegmentTableModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setCatalog(catalog.get());
        QSignalSpy loaded(&model, &SegmentTableModel::queryLoaded);
        SegmentQuery query;
        query.split = Split::UnbalancedTrain;
        model.setQuery(query);
        QVERIFY(loaded.wait(10000));
        QCOMPARE(model.rowCount(), 3000);
        QVERIFY(model.index(0, 0).data(SegmentTableModel::LoadedRole).toBool());
        // Row 2000 is not fetched yet: a placeholder, and a request for its page.
        QCOMPARE(model.index(2000, SegmentTableModel::YtidColumn).data().toString(),
                 QStringLiteral("…"));
        QVERIFY(waitUntil(
            [&] { return model.index(2000, 0).data(SegmentTableModel::LoadedRole).toBool(); }));
        QCOMPARE(model.index(2000, SegmentTableModel::YtidColumn).data().toString().size(), 11);
        // A new query drops answers meant for the old one.
        query.split = Split::Eval;
        model.setQuery(query);
        QVERIFY(loaded.wait(10000));
        QCOMPARE(model.rowCount(), 30);
    }

    void cooccurrenceModel() {
        CooccurrenceModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setItems({{"/m/a", "Alpha", 12, 2.5}, {"/m/b", "Beta", 3, 0.75}});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, CooccurrenceModel::LiftColumn).data().toString(),
                 QStringLiteral("2.50×"));
        QCOMPARE(model.index(1, 0).data(CooccurrenceModel::MidRole).toString(),
                 QStringLiteral("/m/b"));
    }

    void windowShowsClassCountsSegmentsAndLinks() {
        FixtureWriter fixture;
        indexFixture(fixture);
        MainWindow window;
        QVERIFY(openWindowOn(window, fixture.dbPath()));
        QAbstractItemModelTester tester(window.ontologyPanel()->proxy(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);

        window.setSegmentSplit(Split::Eval);
        window.segmentPanel()->setRollup(true);
        window.selectClass(QStringLiteral("/m/a"));
        QVERIFY(waitUntil([&] {
            return window.isSettled() && window.classPage()->titleText() == QLatin1String("Alpha");
        }));
        QVERIFY2(window.classPage()->qualityText().contains(QStringLiteral("9/10 rated true")),
                 qPrintable(window.classPage()->qualityText()));
        QVERIFY(window.classPage()->qualityText().contains(QStringLiteral("90%")));
        QCOMPARE(
            window.ontologyPanel()->view()->currentIndex().data(OntologyModel::MidRole).toString(),
            QStringLiteral("/m/a"));
        // Four segments roll up to Alpha in eval; the first is aaaaaaaaaa1 at 0 s.
        QCOMPARE(window.segmentModel()->rowCount(), 4);
        // This index has no embeddings: the column says so and the filter keeps none.
        QAbstractItemModelTester segments(window.segmentModel(),
                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QModelIndex embedding =
            window.segmentModel()->index(0, SegmentTableModel::EmbeddingColumn);
        QCOMPARE(embedding.data().toString(), QString());
        QVERIFY(embedding.data(Qt::ToolTipRole).toString().startsWith(QStringLiteral("No emb")));
        auto *filter =
            window.segmentPanel()->findChild<QComboBox *>(QStringLiteral("embeddingFilter"));
        QVERIFY(filter);
        filter->setCurrentIndex(filter->findData(1));
        QVERIFY(waitUntil(
            [&] { return window.isSettled() && window.segmentModel()->rowCount() == 0; }));
        filter->setCurrentIndex(filter->findData(0));
        QVERIFY(waitUntil(
            [&] { return window.isSettled() && window.segmentModel()->rowCount() == 4; }));
        filter->setCurrentIndex(filter->findData(-1));
        QVERIFY(waitUntil(
            [&] { return window.isSettled() && window.segmentModel()->rowCount() == 4; }));
        window.segmentPanel()->selectRow(0);
        QVERIFY(waitUntil(
            [&] { return window.isSettled() && !window.inspector()->watchUrl().isEmpty(); }));
        QCOMPARE(window.inspector()->watchUrl(),
                 QStringLiteral("https://www.youtube.com/watch?v=aaaaaaaaaa1&t=0s"));
        QVERIFY(window.inspector()->copyLink());
        QCOMPARE(QApplication::clipboard()->text(), window.inspector()->watchUrl());

        // Enter walks to the next segment.
        QTableView *table = window.segmentPanel()->view();
        table->setFocus();
        QTest::keyClick(table, Qt::Key_Return);
        QCOMPARE(table->currentIndex().row(), 1);
        QVERIFY(waitUntil([&] {
            return window.inspector()->watchUrl().contains(QStringLiteral("aaaaaaaaaa2&t=30s"));
        }));

        // Direct counts: one segment.
        window.segmentPanel()->setRollup(false);
        QVERIFY(waitUntil(
            [&] { return window.isSettled() && window.segmentModel()->rowCount() == 1; }));

        // Ctrl+F puts the cursor in the filter.
        QTest::keySequence(&window, QKeySequence::Find);
        QVERIFY(qobject_cast<QLineEdit *>(QApplication::focusWidget()));
    }

    void exportDialogPreviewsSavesAndExports() {
        FixtureWriter fixture;
        MainWindow window;
        ExportDialog *dialog = openExportDialog(window, fixture, QStringLiteral("/m/a"));
        QVERIFY(dialog);
        QAbstractItemModelTester tester(dialog->previewModel(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        // The current class is included with its descendants: four eval segments.
        QVERIFY(waitUntil([&] {
            return !dialog->isPreviewing() &&
                   dialog->summaryText().contains(QStringLiteral("4 segments"));
        }));
        QVERIFY2(dialog->summaryText().contains(QStringLiteral("eval 4")),
                 qPrintable(dialog->summaryText()));
        QCOMPARE(dialog->previewModel()->rowCount(), 5); // a, b, c, d, e each have segments
        dialog->addExclude(QStringLiteral("/m/e"), false);
        QVERIFY(waitUntil([&] {
            return !dialog->isPreviewing() &&
                   dialog->summaryText().contains(QStringLiteral("3 segments"));
        }));
        // Set AUDIOSET_TEST_SCREENSHOTS to a folder to look at the dialog as a person would.
        if (const QString shots = qEnvironmentVariable("AUDIOSET_TEST_SCREENSHOTS");
            !shots.isEmpty())
            dialog->grab().save(shots + QStringLiteral("/export-dialog.png"));
        // Saved by name and reopened.
        SelectionStore store;
        store.save(QStringLiteral("no epsilon"), dialog->selection());
        const auto reopened = store.load(QStringLiteral("no epsilon"));
        QVERIFY(reopened);
        QCOMPARE(reopened->exclude.size(), size_t(1));
        QCOMPARE(reopened->exclude[0].mid, std::string("/m/e"));
        QVERIFY(store.names().contains(QStringLiteral("no epsilon")));
        // Export with progress; the folder appears only when it is complete.
        const QString out = fixture.path(QStringLiteral("dialog-out"));
        dialog->setOutputFolder(out);
        QSignalSpy finished(dialog, &ExportDialog::exportFinished);
        dialog->startExport();
        QVERIFY(finished.wait(30000));
        QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
        QVERIFY(QFile::exists(out + QStringLiteral("/eval_segments.csv")));
        QVERIFY(QFile::exists(out + QStringLiteral("/subset.json")));
        dialog->close();
    }

    // Issue 9: an index with a table missing is named as unusable; the window stays on its
    // welcome page instead of failing later.
    void unusableIndexIsNamed() {
        FixtureWriter fixture;
        indexFixture(fixture);
        {
            QFile broken(fixture.path(QStringLiteral("broken.db")));
            QVERIFY(broken.open(QIODevice::WriteOnly));
            broken.write(QByteArray(4096, 'x'));
        }
        MainWindow window;
        QVERIFY(!window.openIndex(fixture.path(QStringLiteral("broken.db")), true));
        QVERIFY2(window.statusBar()->currentMessage().contains(
                     QStringLiteral("is not a usable AudioSet index")),
                 qPrintable(window.statusBar()->currentMessage()));
    }

    void invalidIdNeverBecomesAUrl() {
        OntologyModel ontology;
        SegmentInspector inspector(&ontology);
        SegmentRow row;
        row.ytid = "abc\"><script";
        row.startMs = 30000;
        row.endMs = 40000;
        inspector.showSegment(row, QString(), false);
        QVERIFY(inspector.watchUrl().isEmpty());
        QVERIFY(!inspector.copyLink());
        QVERIFY(!inspector.openOnYoutube());
        row.ytid = "-0RWZT-miFs";
        inspector.showSegment(row, QString(), false);
        QCOMPARE(inspector.watchUrl(),
                 QStringLiteral("https://www.youtube.com/watch?v=-0RWZT-miFs&t=30s"));
    }

    void heatmapPaintsValues() {
        HeatmapWidget heatmap;
        heatmap.resize(400, 160);
        std::vector<float> values(10 * 128);
        for (size_t i = 0; i < values.size(); ++i)
            values[i] = static_cast<float>(i % 256);
        heatmap.setValues(values, 10, 128, QStringLiteral("mean"));
        const QImage image = heatmap.grab().toImage();
        // Low values are dark purple, high values yellow, somewhere inside the plot.
        const QRgb left = image.pixel(40, 20), right = image.pixel(330, 20);
        QVERIFY(left != right);
    }

    void screenshotMode() {
        FixtureWriter fixture;
        indexFixture(fixture);
        const QString png = fixture.path(QStringLiteral("shot.png"));
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        process.setProcessEnvironment(environment);
        process.start(QStringLiteral(AUDIOSET_BROWSER_PATH),
                      {QStringLiteral("--db"), fixture.dbPath(), QStringLiteral("--select"),
                       QStringLiteral("/m/d"), QStringLiteral("--split"), QStringLiteral("eval"),
                       QStringLiteral("--screenshot"), png});
        QVERIFY(process.waitForFinished(60000));
        QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());
        const QImage image(png);
        QCOMPARE(image.size(), QSize(1500, 940));
        // A rendered window, not a blank one: many different colours across it.
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 20)
            for (int x = 0; x < image.width(); x += 20)
                colours.insert(image.pixel(x, y));
        QVERIFY2(colours.size() > 20, qPrintable(QString::number(colours.size())));
        // An unknown class fails with a message.
        process.start(QStringLiteral(AUDIOSET_BROWSER_PATH),
                      {QStringLiteral("--db"), fixture.dbPath(), QStringLiteral("--select"),
                       QStringLiteral("/m/none"), QStringLiteral("--screenshot"), png});
        QVERIFY(process.waitForFinished(60000));
        QCOMPARE(process.exitCode(), 1);
        QVERIFY(process.readAllStandardError().contains("no class /m/none"));
    }
};

QTEST_MAIN(TestUi)
#include "tst_ui.moc"

// Similar segments in the inspector and Possible label errors on the class page, on a small
// demo index: the vectors load off the GUI thread, the lists fill, a click goes there, the
// ranking is stored and shown at once the next time, and "Review These" hands its order on.
#include "catalog.h"
#include "classmapview.h"
#include "classmapwidget.h"
#include "demogenerator.h"
#include "fixturewriter.h"
#include "foundsegmentsmodel.h"
#include "indexer.h"
#include "labelerrorsview.h"
#include "similarityservice.h"
#include "similarsegmentsview.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QFile>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <sqlite3.h>

using namespace audioset;
using namespace audioset::ui;

class TestSimilarityUi : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_db;
    std::string m_music;

private Q_SLOTS:
    void initTestCase() {
        DemoOptions options;
        options.dir = m_dir.filePath(QStringLiteral("demo")).toStdString();
        options.unbalancedSegments = 4000;
        QVERIFY(generateDemo(options).isOk());
        m_db = m_dir.filePath(QStringLiteral("demo.db"));
        Diagnostics diagnostics;
        QVERIFY(indexRelease(test::indexOptions(options.dir, m_db.toStdString()), diagnostics, {})
                    .indexed());
        std::string error;
        auto catalog = Catalog::open(m_db.toStdString(), error);
        for (const ClassSummary &summary : catalog->classes())
            if (summary.name == "Music") m_music = summary.mid;
        QVERIFY(!m_music.empty());
    }

    void foundSegmentsModelIsSound() {
        FoundSegmentsModel model(QStringLiteral("Distance"), nullptr);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        SegmentRow row;
        row.ytid = "abcdefghijk";
        row.labels = {"/m/x", "/m/y"};
        model.setItems({{row, 1.5}, {row, 2.25}}, 2);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(1, FoundSegmentsModel::FigureColumn).data().toString(),
                 QStringLiteral("2.25"));
        QCOMPARE(model.index(0, FoundSegmentsModel::LabelsColumn).data().toString(),
                 QStringLiteral("/m/x; /m/y"));
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void similarSegmentsFillAndActivate() {
        std::string error;
        auto catalog = Catalog::open(m_db.toStdString(), error);
        SegmentQuery query;
        query.classMid = m_music;
        query.rollup = true;
        query.split = Split::UnbalancedTrain;
        query.limit = 1;
        const auto first = catalog->segments(query).rows.at(0);
        SimilarityService service(m_db);
        SimilarSegmentsView view(nullptr);
        view.setService(&service);
        view.resize(600, 400);
        view.show();
        QSignalSpy shown(&view, &SimilarSegmentsView::shown);
        view.showSimilarTo(first.id, true);
        QVERIFY(shown.wait(30000));
        QCOMPARE(view.model()->rowCount(), 10);
        QVERIFY(service.state() == SimilarityService::State::Ready);
        for (int i = 1; i < 10; ++i)
            QVERIFY(view.model()->item(i).figure >= view.model()->item(i - 1).figure);
        QVERIFY(view.model()->item(0).segment.id != first.id);
        QSignalSpy activated(&view, &SimilarSegmentsView::segmentActivated);
        const QRect cell = view.table()->visualRect(view.model()->index(2, 2));
        QTest::mouseClick(view.table()->viewport(), Qt::LeftButton, {}, cell.center());
        QCOMPARE(activated.count(), 1);
        QCOMPARE(activated.at(0).at(0).value<SegmentRow>().id, view.model()->item(2).segment.id);
    }

    void aRankingThatCannotBeKeptSaysSo() {
        // An index from before stored rankings: the scores are shown, with why they are not kept.
        const QString old = m_dir.filePath(QStringLiteral("old.db"));
        QFile::remove(old);
        QVERIFY(QFile::copy(m_db, old));
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open(old.toUtf8().constData(), &db), SQLITE_OK);
        QCOMPARE(sqlite3_exec(db, "DROP TABLE label_error_scores; DROP TABLE label_error_runs;",
                              nullptr, nullptr, nullptr),
                 SQLITE_OK);
        sqlite3_close(db);
        SimilarityService service(old);
        LabelErrorsView view(nullptr);
        view.setService(&service);
        QSignalSpy shown(&view, &LabelErrorsView::shown);
        view.showClass(QString::fromStdString(m_music), Split::UnbalancedTrain);
        QVERIFY(shown.wait(30000));
        view.find();
        QVERIFY(shown.wait(60000));
        QVERIFY(view.model()->rowCount() > 100);
        QVERIFY2(view.statusText().contains(QStringLiteral("Not kept in the index")) &&
                     view.statusText().contains(QStringLiteral("predates stored label-error")),
                 qPrintable(view.statusText()));
        if (const QString shots = qEnvironmentVariable("AUDIOSET_UI_SHOTS"); !shots.isEmpty()) {
            view.resize(900, 420);
            view.show();
            QTest::qWait(50);
            QVERIFY(view.grab().save(shots + QStringLiteral("/label-errors-not-kept.png")));
        }
    }

    void labelErrorsAreComputedStoredAndReviewed() {
        const QString music = QString::fromStdString(m_music);
        {
            SimilarityService service(m_db);
            LabelErrorsView view(nullptr);
            view.setService(&service);
            QSignalSpy shown(&view, &LabelErrorsView::shown);
            view.showClass(music, Split::UnbalancedTrain);
            QVERIFY(shown.wait(30000));
            QCOMPARE(view.model()->rowCount(), 0);
            QVERIFY(view.statusText().contains(QStringLiteral("Not computed yet")));
            view.find();
            QVERIFY(shown.wait(60000));
            QVERIFY(view.model()->rowCount() > 100);
            QVERIFY(view.statusText().contains(QStringLiteral("exact search")));
            // For looking at: AUDIOSET_UI_SHOTS=DIR saves the view as a PNG there.
            if (const QString shots = qEnvironmentVariable("AUDIOSET_UI_SHOTS"); !shots.isEmpty()) {
                view.resize(900, 420);
                view.show();
                QTest::qWait(50);
                QVERIFY(view.grab().save(shots + QStringLiteral("/label-errors.png")));
            }
            for (int i = 1; i < view.model()->rowCount(); ++i)
                QVERIFY(view.model()->item(i).figure <= view.model()->item(i - 1).figure);
            QSignalSpy review(&view, &LabelErrorsView::reviewRequested);
            const auto buttons = view.findChildren<QPushButton *>();
            for (QPushButton *button : buttons)
                if (button->text().startsWith(QStringLiteral("Review"))) button->click();
            QCOMPARE(review.count(), 1);
            const auto ordered = review.at(0).at(2).value<std::vector<SegmentRow>>();
            QCOMPARE(int(ordered.size()), view.model()->rowCount());
            QCOMPARE(ordered.front().id, view.model()->item(0).segment.id);
            QString error;
            const QString csv = m_dir.filePath(QStringLiteral("errors.csv"));
            QVERIFY(view.exportTo(csv, error));
            QFile file(csv);
            QVERIFY(file.open(QIODevice::ReadOnly));
            QCOMPARE(file.readAll().count('\n'), view.model()->rowCount() + 1);
        }
        // A new window: the stored ranking shows without loading any vectors.
        SimilarityService service(m_db);
        LabelErrorsView view(nullptr);
        view.setService(&service);
        QSignalSpy shown(&view, &LabelErrorsView::shown);
        view.showClass(music, Split::UnbalancedTrain);
        QVERIFY(shown.wait(30000));
        QVERIFY(view.model()->rowCount() > 100);
        QVERIFY(service.state() == SimilarityService::State::Idle);
        // A failure of someone else's request (the map's, on the same service) leaves it be.
        const QString status = view.statusText();
        Q_EMIT service.failed(QStringLiteral("the map was cancelled"));
        QCOMPARE(view.statusText(), status);
    }

    void mapDrawsSelectsAndHandsOn() {
        SimilarityService service(m_db);
        ClassMapView view;
        view.setService(&service);
        view.resize(800, 500);
        view.show();
        view.showClass(QString::fromStdString(m_music), Split::UnbalancedTrain);
        QSignalSpy drawn(&view, &ClassMapView::drawn);
        view.draw();
        QVERIFY(drawn.wait(60000));
        const ClassMap *map = view.mapWidget()->map();
        QVERIFY(map);
        std::string error;
        auto catalog = Catalog::open(m_db.toStdString(), error);
        const auto music =
            catalog->classPostings(*catalog->classIdOf(m_music), Split::UnbalancedTrain, true);
        size_t inClass = 0;
        for (const auto &p : map->points)
            inClass += p.carries;
        QCOMPARE(inClass, music.size()); // every Music segment has an embedding in the demo
        QVERIFY(map->points.size() > inClass);
        QVERIFY(map->explained > 0 && map->explained < 1);
        QVERIFY(view.statusText().contains(QStringLiteral("orange")));
        // Hovering finds the point drawn under the pointer; clicking asks for it.
        const QPoint at = view.mapWidget()->toWidget(map->points[7]).toPoint();
        QVERIFY(view.mapWidget()->pointAt(at) >= 0);
        QSignalSpy requested(&view, &ClassMapView::segmentRequested);
        QTest::mouseClick(view.mapWidget(), Qt::LeftButton, {}, at);
        QCOMPARE(requested.count(), 1);
        // A lasso round the whole widget selects every point; review and export hand them on.
        const QRectF all = QRectF(view.mapWidget()->rect()).adjusted(-1, -1, 1, 1);
        view.mapWidget()->selectInside(QPolygonF(all));
        QCOMPARE(view.mapWidget()->selection().size(), map->points.size());
        QSignalSpy review(&view, &ClassMapView::reviewRequested);
        for (QPushButton *button : view.findChildren<QPushButton *>())
            if (button->text().startsWith(QStringLiteral("Review"))) button->click();
        QVERIFY(review.wait(30000));
        QCOMPARE(int(review.at(0).at(2).value<std::vector<SegmentRow>>().size()), 1000);
        QString exportError;
        const QString csv = m_dir.filePath(QStringLiteral("map.csv"));
        QVERIFY(view.exportSelection(csv, exportError));
        QFile file(csv);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll().count('\n'), qsizetype(map->points.size() + 1));
        // The Export button's path: written on a worker thread, then reported.
        QSignalSpy exported(&view, &ClassMapView::exported);
        const QString background = m_dir.filePath(QStringLiteral("map-background.csv"));
        view.exportSelectionInBackground(background);
        QVERIFY(exported.wait(30000));
        QVERIFY(exported.at(0).at(0).toBool());
        QFile written(background);
        QVERIFY(written.open(QIODevice::ReadOnly));
        QCOMPARE(written.readAll().count('\n'), qsizetype(map->points.size() + 1));
        QVERIFY(view.statusText().startsWith(QStringLiteral("Exported")));
        if (const QString shots = qEnvironmentVariable("AUDIOSET_UI_SHOTS"); !shots.isEmpty())
            QVERIFY(view.grab().save(shots + QStringLiteral("/class-map-exported.png")));
        view.mapWidget()->selectInside(QPolygonF(QRectF(0, 0, 2, 2)));
        if (const QString shots = qEnvironmentVariable("AUDIOSET_UI_SHOTS"); !shots.isEmpty())
            QVERIFY(view.grab().save(shots + QStringLiteral("/class-map.png")));
    }
};

QTEST_MAIN(TestSimilarityUi)
#include "tst_similarity_ui.moc"

// The real release files from ../shared/data/audioset: what the index must find in them.
// Expected numbers were checked independently of this code (a separate script over the files).
#include "catalog.h"
#include "clirunner.h"
#include "diagnostics.h"
#include "fixturewriter.h"
#include "indexer.h"
#include "pairlist.h"
#include "sqlitedb.h"

#include <QFile>

#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <functional>
#include <set>
#include <tuple>

using namespace audioset;

class TestRealData : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<Catalog> m_catalog;
    Diagnostics m_diagnostics;

private Q_SLOTS:
    void initTestCase() {
        const QString data = test::realDataDir();
        if (data.isEmpty())
            QFAIL(
                "../shared/data/audioset is not beside the checkout: the real-data tests must run");
        IndexOptions options = test::indexOptions(
            data.toStdString(), m_dir.filePath(QStringLiteral("real.db")).toStdString());
        const IndexReport report = indexRelease(options, m_diagnostics, {});
        QVERIFY(report.indexed());
        std::string error;
        m_catalog = Catalog::open(options.dbPath, error);
        QVERIFY2(m_catalog, error.c_str());
    }

    void noProblemsInTheRealFiles() {
        // Only the unbalanced CSV is absent from ../shared; nothing else is reported.
        QCOMPARE(m_diagnostics.seriousTotal(), uint64_t(0));
        QCOMPARE(m_diagnostics.count(ProblemKind::MissingFile), uint64_t(1));
    }

    void stats() {
        const IndexStats stats = m_catalog->stats();
        QCOMPARE(stats.segments[splitIndex(Split::Eval)].value(), int64_t(20371));
        QCOMPARE(stats.segments[splitIndex(Split::BalancedTrain)].value(), int64_t(22160));
        QVERIFY(!stats.segments[splitIndex(Split::UnbalancedTrain)]);
        QCOMPARE(stats.positiveLabels[splitIndex(Split::Eval)], int64_t(51804));
        QCOMPARE(stats.positiveLabels[splitIndex(Split::BalancedTrain)], int64_t(52882));
        QCOMPARE(stats.reratedSegments[splitIndex(Split::Eval)], int64_t(6184));
        QCOMPARE(stats.reratedSegments[splitIndex(Split::BalancedTrain)], int64_t(6166));
        QCOMPARE(stats.classes, int64_t(632));
        QCOMPARE(stats.labelClasses, int64_t(527));
        QCOMPARE(stats.unknownClasses, int64_t(0));
        QVERIFY(stats.headerMismatches.empty());
        QVERIFY(!stats.synthetic);
    }

    void dagShape() {
        const auto classes = m_catalog->classes();
        int roots = 0, multiParent = 0, unrated = 0;
        for (const ClassSummary &summary : classes) {
            const auto info = m_catalog->classInfo(summary.mid);
            roots += info->parents.empty();
            multiParent += info->parents.size() > 1;
            unrated += summary.quality && !summary.quality->estimate();
        }
        QCOMPARE(roots, 7);
        QCOMPARE(multiParent, 38);
        QCOMPARE(unrated, 70);
    }

    void musicCounts() {
        const auto music = m_catalog->classInfo("/m/04rlf");
        QVERIFY(music);
        QCOMPARE(music->name, std::string("Music"));
        QCOMPARE(music->labelIndex.value(), 137);
        const SplitCounts &eval = music->counts[splitIndex(Split::Eval)];
        QCOMPARE(eval.direct, int64_t(5695));
        QCOMPARE(eval.rollup, int64_t(7848));
        QCOMPARE(eval.exclusive, int64_t(2396));
        const auto speech = m_catalog->classInfo("/m/09x0r");
        QCOMPARE(speech->counts[0].direct, int64_t(5324));
        QCOMPARE(speech->counts[0].rollup, int64_t(5422));
        QCOMPARE(speech->counts[0].exclusive, int64_t(4895));
        // Human voice is not a label: no direct segments, but a rollup.
        const auto voice = m_catalog->classInfo("/m/0dgw9r");
        QVERIFY(!voice->labelIndex);
        QCOMPARE(voice->counts[0].direct, int64_t(0));
        QCOMPARE(voice->counts[0].rollup, int64_t(7462));
    }

    // An index written before kept a row per pair; both layouts must give the same answers.
    void cooccurrenceReadsTheSameFromAnIndexWrittenBefore() {
        const std::string copy = m_dir.filePath(QStringLiteral("rows.db")).toStdString();
        QVERIFY(
            QFile::copy(m_dir.filePath(QStringLiteral("real.db")), QString::fromStdString(copy)));
        {
            Database db(copy, Database::Mode::ReadWrite);
            db.exec("CREATE TABLE rows(class_id INTEGER NOT NULL, split INTEGER NOT NULL, "
                    "other_id INTEGER NOT NULL, count INTEGER NOT NULL, "
                    "PRIMARY KEY(class_id, split, other_id)) WITHOUT ROWID");
            Statement blobs = db.prepare("SELECT split, class_id, pairs FROM cooccurrence");
            Statement insert = db.prepare("INSERT INTO rows VALUES(?,?,?,?)");
            std::vector<pairlist::Pair> pairs;
            size_t rows = 0;
            while (blobs.step()) {
                QVERIFY(pairlist::decode(static_cast<const unsigned char *>(blobs.columnBlob(2)),
                                         blobs.columnBytes(2), pairs));
                for (const pairlist::Pair &pair : pairs) {
                    insert.bind(1, blobs.columnInt(1))
                        .bind(2, blobs.columnInt(0))
                        .bind(3, static_cast<int64_t>(pair.other))
                        .bind(4, static_cast<int64_t>(pair.count));
                    insert.run();
                    ++rows;
                }
            }
            QVERIFY(rows > 10000);
            db.exec("DROP TABLE cooccurrence; ALTER TABLE rows RENAME TO cooccurrence");
        }
        std::string error;
        const auto before = Catalog::open(copy, error);
        QVERIFY2(before, error.c_str());
        int compared = 0;
        for (const ClassSummary &summary : m_catalog->classes(""))
            for (Split split : {Split::Eval, Split::BalancedTrain}) {
                const auto now = m_catalog->cooccurring(summary.mid, split, 15);
                const auto then = before->cooccurring(summary.mid, split, 15);
                QCOMPARE(now.size(), then.size());
                for (size_t i = 0; i < now.size(); ++i) {
                    QCOMPARE(now[i].mid, then[i].mid);
                    QCOMPARE(now[i].count, then[i].count);
                    QCOMPARE(now[i].lift, then[i].lift);
                }
                compared += !now.empty();
            }
        QVERIFY(compared > 500);
        const auto music = m_catalog->cooccurring("/m/04rlf", Split::Eval, 5);
        QCOMPARE(music.size(), size_t(5));
        QVERIFY(music[0].count >= music[4].count);
    }

    void quality() {
        const auto male = m_catalog->classInfo("/m/05zppz");
        QCOMPARE(male->name, std::string("Male speech, man speaking"));
        QCOMPARE(male->quality->rated, int64_t(10));
        QCOMPARE(male->quality->trueCount, int64_t(9));
        const auto interval = male->quality->wilson95().value();
        QVERIFY(interval.first > 0.59 && interval.first < 0.60);
        QVERIFY(interval.second > 0.98 && interval.second < 0.99);
    }

    void segmentsAndUrls() {
        SegmentQuery query;
        query.split = Split::Eval;
        query.limit = 1;
        const SegmentPage first = m_catalog->segments(query);
        QCOMPARE(first.total, int64_t(20371));
        QCOMPARE(first.rows.at(0).ytid, std::string("--4gqARaEJE"));
        QCOMPARE(first.rows.at(0).labels,
                 (std::vector<std::string>{"/m/068hy", "/m/07q6cd_", "/m/0bt9lr", "/m/0jbk"}));

        query.classMid = "/m/04rlf";
        query.rollup = true;
        query.limit = 100;
        const SegmentPage music = m_catalog->segments(query);
        QCOMPARE(music.total, int64_t(7848));
        QCOMPARE(music.rows.size(), size_t(100));
        std::set<std::string> distinct;
        for (const SegmentRow &row : music.rows)
            distinct.insert(row.ytid);
        QCOMPARE(distinct.size(), size_t(100));

        query = {};
        query.split = Split::BalancedTrain;
        query.rerated = true;
        QCOMPARE(m_catalog->segments(query).total, int64_t(6166));
    }

    // Issue 14, item 7: a listing sorted on any column is the natural listing stably sorted on
    // that column's key (computed here from the rows), both ways, page by page.
    void sortedListingsMatchAStableSortOfTheRows() {
        using Key = std::tuple<std::string, int64_t, int64_t>;
        const std::vector<std::pair<SegmentSort, std::function<Key(const SegmentRow &)>>> sorts{
            {SegmentSort::Ytid,
             [](const SegmentRow &r) {
                 return Key{r.ytid, r.startMs, splitIndex(r.split)};
             }},
            {SegmentSort::Start,
             [](const SegmentRow &r) {
                 return Key{{}, r.startMs, 0};
             }},
            {SegmentSort::End,
             [](const SegmentRow &r) {
                 return Key{{}, r.endMs, 0};
             }},
            {SegmentSort::Split,
             [](const SegmentRow &r) {
                 return Key{{}, splitIndex(r.split), 0};
             }},
            {SegmentSort::LabelCount,
             [](const SegmentRow &r) {
                 return Key{{}, int64_t(r.labels.size()), 0};
             }},
            {SegmentSort::Rerated,
             [](const SegmentRow &r) {
                 return Key{{}, r.rerated, 0};
             }},
            {SegmentSort::Embedding, [](const SegmentRow &r) {
                 return Key{{}, r.hasEmbedding, 0};
             }}};
        SegmentQuery music;
        music.classMid = "/m/04rlf";
        music.rollup = true;
        SegmentQuery evalRerated;
        evalRerated.split = Split::Eval;
        evalRerated.rerated = true;
        for (SegmentQuery base : {music, evalRerated}) {
            base.limit = 1'000'000;
            const std::vector<SegmentRow> natural = m_catalog->segments(base).rows;
            QVERIFY(natural.size() > 5000);
            for (const auto &[sort, key] : sorts)
                for (const bool descending : {false, true}) {
                    std::vector<SegmentRow> expected = natural;
                    std::stable_sort(expected.begin(), expected.end(),
                                     [&, &key = key](const SegmentRow &a, const SegmentRow &b) {
                                         return descending ? key(b) < key(a) : key(a) < key(b);
                                     });
                    SegmentQuery sorted = base;
                    sorted.sort = sort;
                    sorted.descending = descending;
                    sorted.limit = 100;
                    for (const int64_t offset : {int64_t(0), int64_t(expected.size() / 2),
                                                 int64_t(expected.size() - 30)}) {
                        sorted.offset = offset;
                        const SegmentPage page = m_catalog->segments(sorted);
                        QCOMPARE(page.total, int64_t(expected.size()));
                        QCOMPARE(page.rows.size(), std::min<size_t>(100, expected.size() - offset));
                        for (size_t i = 0; i < page.rows.size(); ++i)
                            QVERIFY2(page.rows[i].id == expected[size_t(offset) + i].id,
                                     qPrintable(QStringLiteral("sort %1%2 row %3")
                                                    .arg(int(sort))
                                                    .arg(QLatin1String(descending ? " desc" : ""))
                                                    .arg(offset + int64_t(i))));
                    }
                }
        }
    }
};

QTEST_GUILESS_MAIN(TestRealData)
#include "tst_realdata.moc"

// Class means: the sums that stay exact however many frames they add, and the rollup, which
// counts each segment once however many of its labels reach a class.
#include "classembeddingmeans.h"
#include "littleendian.h"
#include "schema.h"
#include "sqlitedb.h"

#include <QTemporaryDir>
#include <QTest>

#include <map>
#include <random>
#include <set>

using namespace audioset;

class TestClassMeans : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // Far more frames than 32-bit partial sums hold (17 M of all-255 values): the totals
    // stay exact.
    void classSumsStayExactPastThirtyTwoBits() {
        FrameSums sums;
        sums.fill(255u * 257u);
        FrameSumTable table(3);
        const int segments = 70'000;
        for (int i = 0; i < segments; ++i)
            table.add(1, sums, 257);
        QCOMPARE(table.frames(1), int64_t(segments) * 257);
        QCOMPARE(table.segments(1), int64_t(segments));
        // 4.6 billion: exact only because the 32-bit sums moved into the totals.
        for (size_t d = 0; d < kEmbeddingDims; ++d)
            QCOMPARE(table.total(1, d), uint64_t(segments) * 257 * 255);
        for (size_t slot : {size_t(0), size_t(2)}) { // the neighbours are untouched
            QCOMPARE(table.segments(slot), int64_t(0));
            for (size_t d = 0; d < kEmbeddingDims; ++d)
                QCOMPARE(table.total(slot, d), uint64_t(0));
        }
    }

    // The rollup is each class's segments and those of its descendants, each segment once,
    // however many of its labels reach the class and by however many paths: checked against
    // that definition on a DAG with diamonds, on random label sets with repeats.
    void rollupMeansCountEachSegmentOnceInADag() {
        QTemporaryDir dir;
        Database db(dir.filePath(QStringLiteral("means.db")).toStdString(),
                    Database::Mode::ReadWriteCreate);
        db.exec("CREATE TABLE classes(id INTEGER PRIMARY KEY)");
        db.exec("CREATE TABLE class_edges(parent_id INTEGER, child_id INTEGER)");
        for (int c = 0; c < 8; ++c)
            db.exec("INSERT INTO classes VALUES(" + std::to_string(c) + ")");
        // 0 -> 1, 2; 1 -> 3; 2 -> 3 (a diamond); 3 -> 4, 5; 2 -> 5; 6 -> 5; 7 alone.
        const std::vector<std::pair<int, int>> edges = {{0, 1}, {0, 2}, {1, 3}, {2, 3},
                                                        {3, 4}, {3, 5}, {2, 5}, {6, 5}};
        for (const auto &[parent, child] : edges)
            db.exec("INSERT INTO class_edges VALUES(" + std::to_string(parent) + "," +
                    std::to_string(child) + ")");
        recreateEmbeddingTables(db);
        auto ancestorsOrSelf = [&](int c) {
            std::set<int> found{c};
            for (bool grew = true; grew;) {
                grew = false;
                for (const auto &[parent, child] : edges)
                    if (found.count(child) && found.insert(parent).second) grew = true;
            }
            return found;
        };
        struct Expected {
            int64_t segments = 0, frames = 0;
            uint64_t sum0 = 0;
        };
        std::map<std::pair<int, bool>, Expected> expected; // (class, rollup)
        ClassEmbeddingMeans means(db);
        std::mt19937 rng(7);
        for (int s = 0; s < 300; ++s) {
            std::vector<int> labels(1 + rng() % 4);
            for (int &label : labels)
                label = static_cast<int>(rng() % 8);
            FrameSums sums;
            for (auto &sum : sums)
                sum = rng() % 2551;
            const size_t frameCount = 1 + rng() % 10;
            means.add(Split::Eval, labels.data(), labels.size(), sums, frameCount);
            std::set<int> reached;
            for (int label : labels) {
                Expected &direct = expected[{label, false}];
                ++direct.segments;
                direct.frames += static_cast<int64_t>(frameCount);
                direct.sum0 += sums[0];
                for (int ancestor : ancestorsOrSelf(label))
                    reached.insert(ancestor);
            }
            for (int ancestor : reached) {
                Expected &rollup = expected[{ancestor, true}];
                ++rollup.segments;
                rollup.frames += static_cast<int64_t>(frameCount);
                rollup.sum0 += sums[0];
            }
        }
        means.write(db);
        Statement rows = db.prepare("SELECT class_id, split, rollup, segments, frames, "
                                    "mean_frame FROM class_embedding_means");
        size_t seen = 0;
        while (rows.step()) {
            ++seen;
            QCOMPARE(rows.columnInt(1), int64_t(splitIndex(Split::Eval)));
            const Expected &e =
                expected[{static_cast<int>(rows.columnInt(0)), rows.columnInt(2) != 0}];
            QCOMPARE(rows.columnInt(3), e.segments);
            QCOMPARE(rows.columnInt(4), e.frames);
            QCOMPARE(readLeFloat(static_cast<const char *>(rows.columnBlob(5))),
                     static_cast<float>(static_cast<double>(e.sum0) / double(e.frames)));
        }
        QCOMPARE(seen, expected.size());
    }
};

QTEST_GUILESS_MAIN(TestClassMeans)
#include "tst_classmeans.moc"

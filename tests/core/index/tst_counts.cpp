// The count definitions (direct, rollup, exclusive) on a hand-made DAG with a multi-parent
// class, both in memory and through a full index + catalog round trip.
#include "catalog.h"
#include "classgraph.h"
#include "diagnostics.h"
#include "fixturewriter.h"
#include "indexer.h"
#include "labelstatistics.h"
#include "ontologyjson.h"
#include "postinglist.h"

#include <QTest>

#include <map>

using namespace audioset;
using audioset::test::FixtureWriter;

class TestCounts : public QObject {
    Q_OBJECT

    static ClassGraph handMadeGraph(Diagnostics &diagnostics) {
        FixtureWriter fixture;
        fixture.writeOntology();
        ClassGraph graph;
        loadOntologyJson(fixture.path(QStringLiteral("ontology.json")).toStdString(), graph,
                         diagnostics);
        return graph;
    }

private Q_SLOTS:
    void graphClosure() {
        Diagnostics diagnostics;
        const ClassGraph graph = handMadeGraph(diagnostics);
        QCOMPARE(diagnostics.total(), uint64_t(0));
        QCOMPARE(graph.size(), size_t(7));
        const int a = graph.find("/m/a"), d = graph.find("/m/d"), c = graph.find("/m/c");
        QCOMPARE(graph.at(d).parents.size(), size_t(2));
        QVERIFY(graph.isStrictAncestor(a, d));
        QVERIFY(graph.isStrictAncestor(c, d));
        QVERIFY(!graph.isStrictAncestor(d, a));
        QVERIFY(!graph.isStrictAncestor(d, d));
        // D's ancestors: A (reached twice), B, C, and itself, each listed once.
        QCOMPARE(graph.ancestorsOrSelf(d).size(), size_t(4));
    }

    void cycleIsBrokenAndReported() {
        FixtureWriter fixture;
        fixture.writeFile(QStringLiteral("ontology.json"),
                          R"([{"id": "/m/x", "name": "X", "child_ids": ["/m/y"]},
                              {"id": "/m/y", "name": "Y", "child_ids": ["/m/x", "/m/nope"]}])");
        ClassGraph graph;
        Diagnostics diagnostics;
        QVERIFY(loadOntologyJson(fixture.path(QStringLiteral("ontology.json")).toStdString(), graph,
                                 diagnostics));
        QCOMPARE(diagnostics.count(ProblemKind::OntologyCycle), uint64_t(1));
        QCOMPARE(diagnostics.count(ProblemKind::BadOntologyEntry), uint64_t(1));
        const int x = graph.find("/m/x"), y = graph.find("/m/y");
        QVERIFY(graph.isStrictAncestor(x, y) != graph.isStrictAncestor(y, x));
    }

    void statisticsInMemory() {
        Diagnostics diagnostics;
        const ClassGraph graph = handMadeGraph(diagnostics);
        auto id = [&](const char *mid) { return graph.find(mid); };
        LabelStatistics statistics(graph);
        statistics.addSegment(0, false, {id("/m/d")});
        statistics.addSegment(1, true, {id("/m/a"), id("/m/d")});
        statistics.addSegment(2, false, {id("/m/b"), id("/m/e")});
        statistics.addSegment(3, false, {id("/m/g")});
        statistics.addSegment(4, true, {id("/m/c"), id("/m/d")});

        struct Expected {
            const char *mid;
            int64_t direct, rollup, exclusive;
        };
        const Expected expected[] = {{"/m/a", 1, 4, 0}, {"/m/b", 1, 4, 1}, {"/m/c", 1, 4, 0},
                                     {"/m/d", 3, 3, 3}, {"/m/e", 1, 1, 1}, {"/m/f", 0, 1, 0},
                                     {"/m/g", 1, 1, 1}};
        for (const Expected &e : expected) {
            const SplitCounts &totals = statistics.totals(id(e.mid));
            QVERIFY2(totals.direct == e.direct, e.mid);
            QVERIFY2(totals.rollup == e.rollup, e.mid);
            QVERIFY2(totals.exclusive == e.exclusive, e.mid);
        }
        // Segment 1 reaches A directly and through B and C: once in A's rollup postings.
        const auto &rollupA = statistics.rollupPostings(id("/m/a"));
        QCOMPARE(rollupA.size(), size_t(4));
        QCOMPARE(rollupA[1], posting::make(1, true));
        QCOMPARE(statistics.totals(id("/m/a")).reratedRollup, int64_t(2));
        QCOMPARE(statistics.pairCount(id("/m/a"), id("/m/d")), uint32_t(1));
        QCOMPARE(statistics.pairCount(id("/m/c"), id("/m/d")), uint32_t(1));
        QCOMPARE(statistics.pairCount(id("/m/a"), id("/m/e")), uint32_t(0));
        QCOMPARE(statistics.pairCount(id("/m/d"), id("/m/a")), uint32_t(1));
        QCOMPARE(statistics.pairCount(id("/m/d"), id("/m/d")), uint32_t(0));
    }

    // Pairs are visited both ways round, among the ontology's classes (a dense matrix) and
    // with classes beyond it (met while streaming, kept in a hash map).
    void everyPairIsVisitedBothWaysRound() {
        Diagnostics diagnostics;
        ClassGraph graph = handMadeGraph(diagnostics);
        auto id = [&](const char *mid) { return graph.find(mid); };
        LabelStatistics statistics(graph);
        int unknown = -1;
        for (int i = 0; i < 100; ++i) // beyond the dense matrix's headroom
            unknown = graph.addUnknown("/m/unknown" + std::to_string(i));
        statistics.addSegment(0, false, {id("/m/d"), id("/m/a")});
        statistics.addSegment(1, false, {unknown, id("/m/b")});
        statistics.addSegment(2, false, {id("/m/b"), unknown});
        std::map<std::pair<int, int>, uint32_t> visited;
        statistics.forEachPair([&](int a, int b, uint32_t count) {
            QVERIFY(visited.emplace(std::pair(a, b), count).second);
        });
        const std::map<std::pair<int, int>, uint32_t> expected = {{{id("/m/a"), id("/m/d")}, 1},
                                                                  {{id("/m/d"), id("/m/a")}, 1},
                                                                  {{id("/m/b"), unknown}, 2},
                                                                  {{unknown, id("/m/b")}, 2}};
        QCOMPARE(visited, expected);
        QCOMPARE(statistics.pairCount(unknown, id("/m/b")), uint32_t(2));
        QCOMPARE(statistics.pairCount(id("/m/b"), unknown), uint32_t(2));
    }

    void postingBlobsAreLittleEndianWhateverTheHost() {
        std::string blob = "stale";
        posting::encode({1, posting::make(2, true), 0x01020304u}, blob);
        QCOMPARE(blob, std::string("\x01\0\0\0"
                                   "\x02\0\0\x80"
                                   "\x04\x03\x02\x01",
                                   12));
        std::vector<uint32_t> back;
        posting::decode(reinterpret_cast<const unsigned char *>(blob.data()), 3, back);
        QCOMPARE(back, (std::vector<uint32_t>{1, posting::make(2, true), 0x01020304u}));
        posting::encode({}, blob);
        QVERIFY(blob.empty());
    }

    void countsThroughTheIndex() {
        FixtureWriter fixture;
        fixture.writeStandardRelease();
        Diagnostics diagnostics;
        IndexOptions options =
            test::indexOptions(fixture.dir().toStdString(), fixture.dbPath().toStdString());
        const IndexReport report = indexRelease(options, diagnostics, {});
        QVERIFY(report.indexed());
        std::string error;
        auto catalog = Catalog::open(fixture.dbPath().toStdString(), error);
        QVERIFY2(catalog, error.c_str());

        const auto a = catalog->classInfo("/m/a");
        QVERIFY(a);
        const SplitCounts &evalA = a->counts[splitIndex(Split::Eval)];
        QCOMPARE(evalA.direct, int64_t(1));
        QCOMPARE(evalA.rollup, int64_t(4));
        QCOMPARE(evalA.exclusive, int64_t(0));
        QCOMPARE(evalA.reratedRollup, int64_t(2));
        QCOMPARE(a->children, (std::vector<std::string>{"/m/b", "/m/c"}));

        const auto d = catalog->classInfo("/m/d");
        QCOMPARE(d->parents, (std::vector<std::string>{"/m/b", "/m/c"}));
        QCOMPARE(d->counts[0].direct, int64_t(3));
        QCOMPARE(d->counts[0].exclusive, int64_t(3));

        const auto f = catalog->classInfo("/m/f");
        QVERIFY(f->abstract);
        QVERIFY(!f->labelIndex);
        QCOMPARE(f->counts[0].rollup, int64_t(1));
        QVERIFY(catalog->classInfo("/m/g")->blacklisted);

        // Co-occurrence: /m/d shares segments with /m/a and /m/c, both its ancestors, which the
        // list leaves out; from /m/a's side /m/d is a descendant and stays (1 of 5 segments;
        // 1 x 3 expected / 5).
        QVERIFY(catalog->cooccurring("/m/d", Split::Eval).empty());
        const auto withA = catalog->cooccurring("/m/a", Split::Eval);
        QCOMPARE(withA.size(), size_t(1));
        QCOMPARE(withA[0].mid, std::string("/m/d"));
        QCOMPARE(withA[0].count, int64_t(1));
        QVERIFY(qAbs(withA[0].lift - 5.0 / 3.0) < 1e-9);
        // Edges: /m/d under both /m/b and /m/c.
        int parentsOfD = 0;
        for (const ClassEdge &edge : catalog->classEdges())
            parentsOfD += edge.child == d->id;
        QCOMPARE(parentsOfD, 2);

        // Rollup segments of A, in file order, each once.
        SegmentQuery query;
        query.classMid = "/m/a";
        query.rollup = true;
        const SegmentPage page = catalog->segments(query);
        QCOMPARE(page.total, int64_t(4));
        QCOMPARE(page.rows.size(), size_t(4));
        QCOMPARE(page.rows[0].ytid, std::string("aaaaaaaaaa1"));
        QCOMPARE(page.rows[3].ytid, std::string("ab_aaaaaaa5"));
        query.rerated = true;
        const SegmentPage rerated = catalog->segments(query);
        QCOMPARE(rerated.total, int64_t(2));
        QCOMPARE(rerated.rows[0].ytid, std::string("aaaaaaaaaa2"));
        query.rerated = false;
        query.offset = 1;
        const SegmentPage notRerated = catalog->segments(query);
        QCOMPARE(notRerated.total, int64_t(2));
        QCOMPARE(notRerated.rows.size(), size_t(1));
        QCOMPARE(notRerated.rows[0].ytid, std::string("aaaaaaaaaa3"));
    }
};

QTEST_GUILESS_MAIN(TestCounts)
#include "tst_counts.moc"

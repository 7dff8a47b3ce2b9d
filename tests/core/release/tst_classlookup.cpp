// The class graph's lookups the indexer makes per label: a mid to its id (MidLookup), and
// whether one class is a strict ancestor of another (bits, or the lists past 4,096 classes),
// each checked against a plain reference.
#include "classgraph.h"
#include "midlookup.h"

#include <QTest>

#include <functional>
#include <map>
#include <random>
#include <set>
#include <string>

using namespace audioset;

namespace {

// Reachability upwards by walking parents: the reference for isStrictAncestor.
bool reachesUp(const ClassGraph &graph, int from, int target) {
    for (int parent : graph.at(from).parents)
        if (parent == target || reachesUp(graph, parent, target)) return true;
    return false;
}

ClassGraph randomDag(int classes, std::mt19937 &rng) {
    ClassGraph graph;
    for (int i = 0; i < classes; ++i) {
        ClassRecord record;
        record.mid = "/m/" + std::to_string(i);
        graph.add(std::move(record));
    }
    for (int child = 1; child < classes; ++child)
        for (int k = 0; k < 2; ++k)
            if (rng() % 3 != 0) {
                const int parent = static_cast<int>(rng() % static_cast<unsigned>(child));
                if (std::find(graph.at(child).parents.begin(), graph.at(child).parents.end(),
                              parent) == graph.at(child).parents.end())
                    graph.addEdge(parent, child);
            }
    graph.computeClosure();
    return graph;
}

void checkAncestors(const ClassGraph &graph, std::mt19937 &rng, int pairs) {
    const int n = static_cast<int>(graph.size());
    for (int i = 0; i < pairs; ++i) {
        const int a = static_cast<int>(rng() % static_cast<unsigned>(n));
        const int d = static_cast<int>(rng() % static_cast<unsigned>(n));
        QCOMPARE(graph.isStrictAncestor(a, d), a != d && reachesUp(graph, d, a));
    }
}

} // namespace

class TestClassLookup : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void midsAreFoundAcrossGrowth() {
        MidLookup lookup;
        std::vector<std::string> mids; // stable: reserved before any view is taken
        mids.reserve(20000);
        std::mt19937 rng(3);
        std::set<std::string> seen;
        while (mids.size() < 20000) {
            std::string mid = (rng() % 2 ? "/m/" : "/t/dd");
            const size_t length = 1 + rng() % 14; // short, 8-byte and longer tails
            for (size_t i = 0; i < length; ++i)
                mid += "0123456789abcdefghijklmnopqrstuvwxyz_"[rng() % 37];
            if (seen.insert(mid).second) mids.push_back(mid);
        }
        for (size_t i = 0; i < mids.size(); ++i) {
            QCOMPARE(lookup.find(mids[i]), -1);
            lookup.insert(mids[i], static_cast<int>(i));
        }
        for (size_t i = 0; i < mids.size(); ++i)
            QCOMPARE(lookup.find(mids[i]), static_cast<int>(i));
        QCOMPARE(lookup.find(""), -1);
        QCOMPARE(lookup.find(mids[7] + "x"), -1);
        QCOMPARE(lookup.find(mids[7].substr(0, mids[7].size() - 1)), -1);
    }

    void anEmptyLookupFindsNothing() {
        const MidLookup lookup;
        QCOMPARE(lookup.find("/m/09x0r"), -1);
    }

    void ancestorsAsTheParentsSay() {
        std::mt19937 rng(5);
        checkAncestors(randomDag(700, rng), rng, 20000); // bits
    }

    void ancestorsOfClassesAddedAfterTheClosure() {
        std::mt19937 rng(7);
        ClassGraph graph = randomDag(300, rng);
        const int unknown = graph.addUnknown("/m/unknown");
        QCOMPARE(graph.find("/m/unknown"), unknown);
        for (int id = 0; id < 300; ++id) {
            QVERIFY(!graph.isStrictAncestor(unknown, id));
            QVERIFY(!graph.isStrictAncestor(id, unknown));
        }
        QVERIFY(!graph.isStrictAncestor(unknown, unknown));
        checkAncestors(graph, rng, 5000);
    }

    void ancestorsPastTheBitLimit() {
        std::mt19937 rng(11);
        checkAncestors(randomDag(4500, rng), rng, 5000); // the lists
    }
};

QTEST_GUILESS_MAIN(TestClassLookup)
#include "tst_classlookup.moc"

// The neighbour index against the plain scan, on data shaped to be awkward: clusters, exact
// ties, identical vectors, short segments, several splits.
#include "duplicates.h"
#include "labelerrors.h"
#include "neighbourindex.h"
#include "roundedrows.h"

#include <QTest>
#include <algorithm>
#include <random>

using namespace audioset;

namespace {

struct Generated {
    VectorSet vectors;
    std::vector<int> cluster; // by segment id
};

// `clusters` centres, rows scattered around them; every 7th row copies an earlier one and
// every 11th has fewer frames.
Generated generate(size_t rows, size_t clusters, int spread, uint32_t seed) {
    std::mt19937 random(seed);
    std::vector<std::array<int, kVectorDims>> centres(clusters);
    for (auto &centre : centres)
        for (int &value : centre)
            value = std::uniform_int_distribution<int>(30, 225)(random);
    Generated out;
    std::vector<std::array<uint32_t, kVectorDims>> made;
    std::vector<int> frameCounts;
    for (size_t i = 0; i < rows; ++i) {
        std::array<uint32_t, kVectorDims> sums{};
        int frames = i % 11 == 5 ? 3 + int(i % 7) : 10;
        size_t c = random() % clusters;
        if (i % 7 == 6 && i > 0) {
            const size_t source = random() % made.size();
            sums = made[source];
            frames = frameCounts[source];
            c = size_t(out.cluster[source]);
        } else {
            for (size_t d = 0; d < kVectorDims; ++d)
                for (int f = 0; f < frames; ++f)
                    sums[d] += uint32_t(std::clamp(
                        centres[c][d] + std::uniform_int_distribution<int>(-spread, spread)(random),
                        0, 255));
        }
        made.push_back(sums);
        frameCounts.push_back(frames);
        out.cluster.push_back(int(c));
        const Split split = kAllSplits[i % 3 == 0 ? 0 : (i % 3 == 1 ? 2 : 1)];
        if (!out.vectors.add(uint32_t(i), split, frames, sums.data(), sums[0] * 31 + sums[1]))
            qFatal("generated row %zu rejected", i);
    }
    // Tie-break rank: a shuffled order, so that it is not the row order.
    std::vector<uint32_t> order(rows);
    for (size_t i = 0; i < rows; ++i)
        order[i] = uint32_t(i);
    std::shuffle(order.begin(), order.end(), random);
    out.vectors.setOrder(order);
    return out;
}

bool sameAnswer(const std::vector<Neighbour> &a, const std::vector<Neighbour> &b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (a[i].row != b[i].row || !(a[i].distance == b[i].distance)) return false;
    return true;
}

} // namespace

class TestNeighbours : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void simdDotsMatchTheScalarLoop() {
        std::mt19937 random(3);
        std::vector<int16_t> query(kVectorDims), rows(kVectorDims * 37);
        for (auto &v : query)
            v = int16_t(random() % 3061);
        for (auto &v : rows)
            v = int16_t(random() % 3061);
        std::vector<int32_t> simd(37), scalar(37);
        dotRows(query.data(), rows.data(), 37, simd.data());
        dotRowsScalar(query.data(), rows.data(), 37, scalar.data());
        QCOMPARE(simd, scalar);
        // The interleaved blocks give the same products, the padding rows zero.
        std::vector<int16_t> blocks(interleavedBlocks(37) * 16 * kVectorDims);
        interleaveRows(rows.data(), 37, blocks.data());
        std::vector<int32_t> interleaved(interleavedBlocks(37) * 16);
        dotInterleaved(query.data(), blocks.data(), interleavedBlocks(37), interleaved.data());
        QCOMPARE(std::vector<int32_t>(interleaved.begin(), interleaved.begin() + 37), scalar);
        QVERIFY(std::all_of(interleaved.begin() + 37, interleaved.end(),
                            [](int32_t v) { return v == 0; }));
        qInfo("dot products on this CPU: %s", dotRowsPath());
    }

    // The byte-rounded screen keeps every row within reach, on every path, and lets through
    // only rows near it; rows with extreme values and every frame count included.
    void roundedScreenKeepsEveryRowWithinReach() {
        std::mt19937 random(17);
        VectorSet vectors;
        for (uint32_t id = 0; id < 403; ++id) {
            const int frames = 1 + int(id % VectorSet::kMaxFrames);
            std::array<uint32_t, kVectorDims> sums{};
            for (size_t d = 0; d < kVectorDims; ++d)
                for (int f = 0; f < frames; ++f)
                    sums[d] += id % 5 == 0 ? uint32_t(255 * ((d + id) % 2))
                                           : uint32_t(std::clamp(int((d * 7 + id % 3 * 50) % 256) +
                                                                     int(random() % 61) - 30,
                                                                 0, 255));
            QVERIFY(vectors.add(id, Split::Eval, frames, sums.data(), id));
        }
        RoundedRows rows;
        rows.assign(vectors, 3, vectors.size()); // not from row 0: indices are the set's rows
        struct Seen {
            std::vector<std::vector<uint32_t>> passed;
            double reach[4];
        } seen;
        seen.passed.resize(4);
        const ScreenSink sink = [](void *context, size_t query, uint32_t row) {
            auto &s = *static_cast<Seen *>(context);
            s.passed[query].push_back(row);
            return s.reach[query];
        };
        size_t within = 0, passedTotal = 0;
        for (size_t first = 0; first < 40; first += 4) {
            const size_t count = 1 + first % 4;
            RoundedQuery rounded[4];
            ScreenQuery queries[4];
            std::vector<std::vector<double>> distances(count);
            for (size_t j = 0; j < count; ++j) {
                const size_t queryRow = (first * 37 + j * 101) % vectors.size();
                std::vector<int32_t> dots(vectors.size());
                dotRowsScalar(vectors.sums(queryRow), vectors.allSums(), vectors.size(),
                              dots.data());
                for (size_t row = 0; row < vectors.size(); ++row)
                    distances[j].push_back(
                        ExactDistance::between(vectors.norm2(queryRow),
                                               vectors.row(queryRow).frameCount, vectors.norm2(row),
                                               vectors.row(row).frameCount, dots[row])
                            .value());
                std::vector<double> sorted = distances[j];
                std::sort(sorted.begin(), sorted.end());
                // Exactly a row's distance, sometimes: the screen keeps rows at the reach too.
                seen.reach[j] = sorted[20 + 15 * j] + (first % 8 == 0 ? 0.0 : 0.5);
                rounded[j] = roundQuery(vectors, queryRow);
                queries[j] = {&rounded[j], seen.reach[j]};
                seen.passed[j].clear();
            }
            screenRows(queries, count, rows, 0, rows.size(), sink, &seen);
            for (size_t j = 0; j < count; ++j) {
                for (size_t row = rows.first(); row < vectors.size(); ++row) {
                    const double d = distances[j][row];
                    const bool passed =
                        std::count(seen.passed[j].begin(), seen.passed[j].end(), row) == 1;
                    if (d <= seen.reach[j]) {
                        QVERIFY2(
                            passed,
                            qPrintable(QStringLiteral("row %1 at %2 dropped").arg(row).arg(d)));
                        ++within;
                    }
                    // Rounding moves each vector by at most 0.5·√128: the screen's margin is
                    // at most twice both of those.
                    if (d > seen.reach[j] + 4 * 0.5 * std::sqrt(double(kVectorDims)) + 0.1)
                        QVERIFY2(!passed,
                                 qPrintable(QStringLiteral("row %1 at %2 passed").arg(row).arg(d)));
                }
                passedTotal += seen.passed[j].size();
            }
        }
        QVERIFY(within > 100);
        QVERIFY(passedTotal > within);
        qInfo("%zu rows within reach, %zu passed the screen", within, passedTotal);
    }

    void exactDistanceComparesFractions() {
        // 1/3 vs 2/6: equal; 1/3 < 34/100.
        QVERIFY((ExactDistance{1, 3} == ExactDistance{2, 6}));
        QVERIFY((ExactDistance{1, 3} < ExactDistance{34, 100}));
        QVERIFY(!(ExactDistance{34, 100} < ExactDistance{1, 3}));
    }

    void rowsAreFoundBySegmentIdAfterAnyReordering() {
        // Ids added out of order, then the rows reordered as the index reorders them.
        VectorSet vectors;
        const std::vector<uint32_t> ids = {40, 7, 93, 8, 61, 2};
        std::array<uint32_t, kVectorDims> sums{};
        for (uint32_t id : ids) {
            sums[0] = id;
            QVERIFY(vectors.add(id, Split::Eval, 1, sums.data(), id));
        }
        for (size_t i = 0; i < ids.size(); ++i)
            QCOMPARE(vectors.rowOfSegment(ids[i]), i);
        vectors.permute({3, 5, 0, 4, 1, 2});
        for (size_t row = 0; row < vectors.size(); ++row) {
            QCOMPARE(vectors.rowOfSegment(vectors.row(row).segmentId), row);
            QCOMPARE(uint32_t(vectors.sums(row)[0]), vectors.row(row).segmentId);
        }
        QCOMPARE(vectors.rowOfSegment(9), vectors.size());
        QCOMPARE(vectors.rowOfSegment(100), vectors.size());
    }

    void rejectsRowsItCannotHoldExactly() {
        VectorSet vectors;
        std::array<uint32_t, kVectorDims> sums{};
        QVERIFY(!vectors.add(1, Split::Eval, 0, sums.data(), 0));
        QVERIFY(!vectors.add(1, Split::Eval, VectorSet::kMaxFrames + 1, sums.data(), 0));
        sums[5] = 256; // more than one frame of bytes can sum to
        QVERIFY(!vectors.add(1, Split::Eval, 1, sums.data(), 0));
        QCOMPARE(vectors.size(), size_t(0));
    }

    void indexAnswersAsTheScanDoes_data() {
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("clusters");
        QTest::addColumn<int>("spread");
        QTest::newRow("tight clusters") << 6000 << 40 << 20;
        QTest::newRow("loose clusters") << 6000 << 8 << 90;
        QTest::newRow("no structure") << 3000 << 1 << 127;
        QTest::newRow("tiny") << 5 << 2 << 10;
    }
    void indexAnswersAsTheScanDoes() {
        QFETCH(int, rows);
        QFETCH(int, clusters);
        QFETCH(int, spread);
        Generated data = generate(size_t(rows), size_t(clusters), spread, 17);
        const NeighbourIndex index(data.vectors);
        QCOMPARE(index.vectors().size(), size_t(rows));
        const SplitMask masks[] = {kAllSplitsMask, splitBit(Split::Eval),
                                   splitBit(Split::BalancedTrain) |
                                       splitBit(Split::UnbalancedTrain)};
        for (size_t q = 0; q < index.vectors().size(); q += std::max(1, rows / 150)) {
            for (SplitMask mask : masks) {
                const NeighbourQuery query{q, mask, true};
                for (size_t k : {size_t(1), size_t(10), size_t(40)}) {
                    const auto expected = scanNearest(index.vectors(), query, k, true);
                    const auto found = index.nearest(query, k);
                    QVERIFY2(sameAnswer(found, expected),
                             qPrintable(QStringLiteral("row %1 k %2").arg(q).arg(k)));
                }
            }
        }
    }

    void radiusSearchFindsEveryRowWithin() {
        Generated data = generate(4000, 30, 25, 5);
        const NeighbourIndex index(data.vectors);
        const VectorSet &v = index.vectors();
        for (size_t q = 0; q < v.size(); q += 97) {
            const auto all = scanNearest(v, {q, kAllSplitsMask, true}, v.size());
            for (double radius : {0.0, 40.0, 120.0}) {
                size_t expected = 0;
                for (const Neighbour &n : all)
                    expected += n.distance.value() <= radius ? 1 : 0;
                QCOMPARE(index.withinRadius({q, kAllSplitsMask, true}, radius).size(), expected);
            }
        }
    }

    void labelErrorScoresMatchTheirDefinition() {
        Generated data = generate(3000, 12, 30, 9);
        const NeighbourIndex index(data.vectors);
        const VectorSet &v = index.vectors();
        // The class: cluster 0, plus a few rows of other clusters wrongly carrying it.
        std::vector<bool> carries(v.size());
        for (size_t row = 0; row < v.size(); ++row)
            carries[row] =
                data.cluster[v.row(row).segmentId] == 0 || v.row(row).segmentId % 97 == 0;
        size_t proved = 0;
        const auto scores =
            scoreLabelErrors(index, Split::UnbalancedTrain, carries, {10, 0, 2}, nullptr, proved);
        QVERIFY(!scores.empty());
        QCOMPARE(proved, scores.size());
        for (size_t i = 0; i < scores.size(); ++i) {
            const auto neighbours =
                scanNearest(v, {scores[i].row, splitBit(Split::UnbalancedTrain), true}, 10, true);
            size_t outside = 0;
            for (const Neighbour &n : neighbours)
                outside += carries[n.row] ? 0 : 1;
            QCOMPARE(scores[i].score, double(outside) / 10.0);
            if (i > 0) QVERIFY(scores[i - 1].score >= scores[i].score);
        }
        // The wrongly labelled rows come first.
        QVERIFY(data.cluster[v.row(scores.front().row).segmentId] != 0);
        QCOMPARE(scores.front().score, 1.0);
    }

    // Probing few leaves may miss neighbours, but what it proves exact is exact.
    // Overlapping clusters (proofs rare) and well-separated ones (proofs common): a probed
    // answer said to be exact is, and the batched search proves the same answers.
    void probedSearchIsExactWhereItSaysSo_data() {
        QTest::addColumn<int>("clusters");
        QTest::addColumn<int>("spread");
        QTest::addColumn<int>("probe");
        QTest::addColumn<bool>("proofsExpected");
        QTest::newRow("overlapping") << 40 << 20 << 2 << false;
        // Two clusters, each split's two leaves one cluster each: a query's three nearest
        // leaves hold its cluster in all three splits, and the others are far.
        QTest::newRow("separated") << 2 << 2 << 3 << true;
    }
    void probedSearchIsExactWhereItSaysSo() {
        QFETCH(int, clusters);
        QFETCH(int, spread);
        QFETCH(int, probe);
        QFETCH(bool, proofsExpected);
        Generated data = generate(6000, size_t(clusters), spread, 29);
        const NeighbourIndex index(data.vectors);
        size_t proved = 0;
        std::vector<uint32_t> rows;
        std::vector<std::vector<Neighbour>> answers;
        std::vector<bool> proofs;
        for (size_t q = 0; q < index.vectors().size(); q += 13) {
            bool certified = false;
            const NeighbourQuery query{q, kAllSplitsMask, true};
            const auto probed = index.nearestProbed(query, 10, size_t(probe), certified);
            const auto exact = scanNearest(index.vectors(), query, 10, true);
            QCOMPARE(probed.size(), exact.size());
            if (certified) {
                QVERIFY(sameAnswer(probed, exact));
                ++proved;
            }
            // Distances are exact either way: each is at least the true one at its rank.
            for (size_t i = 0; i < probed.size(); ++i)
                QVERIFY(!(probed[i].distance < exact[i].distance));
            bool all = false;
            QVERIFY(sameAnswer(index.nearestProbed(query, 10, 1000000, all), exact));
            QVERIFY(all);
            rows.push_back(uint32_t(q));
            answers.push_back(probed);
            proofs.push_back(certified);
        }
        qInfo("%zu of %zu probed answers proved exact", proved, rows.size());
        if (proofsExpected) QVERIFY(proved > rows.size() / 4);
        index.nearestProbedBatch(rows, kAllSplitsMask, 10, size_t(probe),
                                 [&](size_t i, std::vector<Neighbour> &&found, bool certified) {
                                     QVERIFY(sameAnswer(found, answers[i]));
                                     QCOMPARE(certified, bool(proofs[i]));
                                 });
    }

    // The batched probe answers as the single one does, query by query.
    void probedBatchMatchesSingleProbes() {
        Generated data = generate(8000, 30, 30, 31);
        const NeighbourIndex index(data.vectors);
        std::vector<uint32_t> rows;
        for (uint32_t row = 100; row < 400; ++row)
            rows.push_back(row);
        size_t answered = 0;
        index.nearestProbedBatch(rows, kAllSplitsMask, 10, 3,
                                 [&](size_t i, std::vector<Neighbour> &&found, bool certified) {
                                     bool single = false;
                                     const auto expected = index.nearestProbed(
                                         {rows[i], kAllSplitsMask, true}, 10, 3, single);
                                     QVERIFY(sameAnswer(found, expected));
                                     QCOMPARE(certified, single);
                                     ++answered;
                                 });
        QCOMPARE(answered, rows.size());
        // Probed label-error scores (batched) agree with the exact ones where proved exact,
        // and all of them once every leaf is probed.
        std::vector<bool> carries(index.vectors().size());
        for (size_t row = 0; row < carries.size(); ++row)
            carries[row] = data.cluster[index.vectors().row(row).segmentId] % 3 == 0;
        size_t provedExact = 0, provedAll = 0;
        const auto exact = scoreLabelErrors(index, Split::UnbalancedTrain, carries, {10, 0, 2},
                                            nullptr, provedExact);
        const auto all = scoreLabelErrors(index, Split::UnbalancedTrain, carries, {10, 1000000, 2},
                                          nullptr, provedAll);
        QCOMPARE(all.size(), exact.size());
        QCOMPARE(provedAll, all.size());
        for (size_t i = 0; i < all.size(); ++i) {
            QCOMPARE(all[i].row, exact[i].row);
            QCOMPARE(all[i].score, exact[i].score);
        }
    }

    void cancelledScoringReturnsNothing() {
        Generated data = generate(3000, 12, 30, 9);
        const NeighbourIndex index(data.vectors);
        std::vector<bool> carries(index.vectors().size(), true);
        size_t proved = 0;
        const auto scores = scoreLabelErrors(
            index, Split::UnbalancedTrain, carries, {10, 0, 2}, [](double) { return false; },
            proved);
        QVERIFY(scores.empty());
    }

    void duplicatesAreFoundExactlyAndNearly() {
        Generated data = generate(3000, 20, 25, 21);
        const NeighbourIndex index(data.vectors);
        const VectorSet &v = index.vectors();
        // Brute force: identical sums, frame counts and hashes.
        size_t expectedIdentical = 0, expectedNear = 0;
        for (size_t a = 0; a < v.size(); ++a)
            for (const Neighbour &n : scanNearest(v, {a, kAllSplitsMask, true}, v.size()))
                if (v.order(a) < v.order(n.row)) {
                    expectedIdentical +=
                        n.distance.numerator == 0 && v.row(a).frameCount == v.row(n.row).frameCount;
                    expectedNear += n.distance.value() <= 30.0;
                }
        const auto identical = identicalFrameCandidates(v, kAllSplitsMask);
        QVERIFY(expectedIdentical > 300);
        QCOMPARE(identical.size(), expectedIdentical);
        bool stopped = true;
        const auto nearPairs =
            nearDuplicates(index, kAllSplitsMask, 30.0, {0, 2}, nullptr, stopped);
        QVERIFY(!stopped);
        QCOMPARE(nearPairs.size(), expectedNear);
        for (size_t i = 1; i < nearPairs.size(); ++i)
            QVERIFY(!(nearPairs[i].distance < nearPairs[i - 1].distance));
        // Probing every leaf finds the same pairs, each once; probing two finds only true
        // pairs, most of them.
        const auto samePairs = [](const DuplicatePair &p, const DuplicatePair &q) {
            return p.a == q.a && p.b == q.b && p.distance == q.distance;
        };
        const auto everyLeaf =
            nearDuplicates(index, kAllSplitsMask, 30.0, {1000000, 2}, nullptr, stopped);
        QVERIFY(!stopped);
        QCOMPARE(everyLeaf.size(), nearPairs.size());
        QVERIFY(std::equal(everyLeaf.begin(), everyLeaf.end(), nearPairs.begin(), samePairs));
        const auto twoLeaves =
            nearDuplicates(index, kAllSplitsMask, 30.0, {2, 1}, nullptr, stopped);
        for (const DuplicatePair &pair : twoLeaves)
            QVERIFY(std::any_of(nearPairs.begin(), nearPairs.end(),
                                [&](const DuplicatePair &p) { return samePairs(p, pair); }));
        QVERIFY(twoLeaves.size() > nearPairs.size() / 2);
        qInfo("near pairs: %zu exact, %zu probing 2 leaves", nearPairs.size(), twoLeaves.size());
        QVERIFY(isLeak(Split::Eval, Split::UnbalancedTrain));
        QVERIFY(!isLeak(Split::BalancedTrain, Split::UnbalancedTrain));
    }
};

QTEST_GUILESS_MAIN(TestNeighbours)
#include "tst_neighbours.moc"

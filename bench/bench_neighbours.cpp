// Neighbour search benchmark at full generated scale (2,085,544 segments with embeddings, or
// the index given with --db). Each figure is printed beside a plain loop over the same vectors
// in the same run:
//   similar over all splits     tree search  vs  SIMD scan  vs  scalar scan   target < 50 ms
//   memory of the structures                                                  target < 600 MB
//   Music's label-error scores  2 threads    vs  scalar scan, extrapolated    target < 30 s
//   duplicates over everything  identical, and near (within D, probed on large indexes, recall
//                               against exact radius searches printed)  vs  exact radius
//                               searches and the scalar scan, extrapolated  target < 60 s
// Every tree answer is checked against the scan: a wrong answer is a FAIL, not a figure.
#include "benchsupport.h"

#include "catalog.h"
#include "duplicatefinder.h"
#include "labelerrorranking.h"
#include "labelerrors.h"
#include "postinglist.h"
#include "similarityindex.h"
#include "textparse.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>

using namespace audioset;
using namespace audioset::bench;

namespace {

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

long anonymousRssKb() {
    std::ifstream status("/proc/self/status");
    std::string key;
    long value = 0;
    while (status >> key) {
        if (key == "RssAnon:") {
            status >> value;
            return value;
        }
        status.ignore(1 << 12, '\n');
    }
    return 0;
}

bool sameNeighbours(const std::vector<Neighbour> &a, const std::vector<Neighbour> &b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (a[i].row != b[i].row || !(a[i].distance == b[i].distance)) return false;
    return true;
}

// Probing P leaves instead of the exact search: time per query, share of the exact 10 nearest
// found, share of answers proved exact, on a sample of the class in unbalanced_train.
void probeTradeOff(const SimilarityIndex &index, Catalog &catalog, const std::string &mid) {
    const auto classId = catalog.classIdOf(mid);
    if (!classId) return;
    std::vector<uint32_t> members = catalog.classPostings(*classId, Split::UnbalancedTrain, true);
    std::vector<size_t> rows;
    for (size_t i = 0; i < 200 && !members.empty(); ++i)
        if (const auto row = index.rowOf(posting::segmentOf(members[i * members.size() / 200])))
            rows.push_back(*row);
    const SplitMask split = splitBit(Split::UnbalancedTrain);
    std::vector<std::vector<Neighbour>> exact;
    auto start = std::chrono::steady_clock::now();
    for (size_t row : rows)
        exact.push_back(index.neighbours().nearest({row, split, true}, 10));
    const double exactMs = secondsSince(start) * 1000.0 / double(rows.size());
    std::printf("\nExact vs probed 10-NN in unbalanced_train (%zu queries of %s):\n", rows.size(),
                mid.c_str());
    std::printf("  exact search   %7.3f ms/query\n", exactMs);
    for (size_t probe : {4, 8, 12, 16, 32, 64}) {
        size_t found = 0, certified = 0;
        const uint64_t examinedBefore = index.neighbours().rowsExamined();
        start = std::chrono::steady_clock::now();
        std::vector<std::vector<Neighbour>> probed;
        for (size_t row : rows) {
            bool proved = false;
            probed.push_back(
                index.neighbours().nearestProbed({row, split, true}, 10, probe, proved));
            certified += proved;
        }
        const double ms = secondsSince(start) * 1000.0 / double(rows.size());
        for (size_t i = 0; i < rows.size(); ++i)
            for (const Neighbour &n : probed[i])
                for (const Neighbour &e : exact[i])
                    found += n.row == e.row;
        std::printf("  probe %2zu leaves %7.3f ms/query  recall@10 %.3f  proved exact %.2f  rows "
                    "examined %.0f\n",
                    probe, ms, double(found) / double(10 * rows.size()),
                    double(certified) / double(rows.size()),
                    double(index.neighbours().rowsExamined() - examinedBefore) /
                        double(rows.size()));
    }
}

// The near pairs found (probed on a large index) against exact radius searches from the rows
// of the planted near copies and of 1,000 random segments: the share of their exact pairs found.
void nearRecall(Catalog &catalog, const SimilarityIndex &index, const DuplicateReport &report,
                double radius, const std::string &plantedPath) {
    std::set<std::pair<int64_t, int64_t>> found;
    for (const auto &pair : report.pairs)
        found.insert({std::min(pair.first, pair.second), std::max(pair.first, pair.second)});
    std::vector<size_t> rows;
    size_t plantedPairs = 0, plantedFound = 0;
    std::ifstream planted(plantedPath);
    std::string line;
    while (std::getline(planted, line)) {
        if (line.rfind("near-copy,", 0) != 0) continue;
        std::vector<std::string> f;
        std::stringstream fields(line);
        for (std::string field; std::getline(fields, field, ',');)
            f.push_back(field);
        if (f.size() < 8) continue;
        std::optional<int64_t> ids[2];
        for (int side = 0; side < 2; ++side)
            for (const SegmentRow &row : catalog.segmentsOfVideo(f[side ? 6 : 2]))
                if (splitName(row.split) == f[side ? 5 : 1] &&
                    parseSecondsToMs(f[side ? 7 : 3]) == row.startMs)
                    ids[side] = row.id;
        if (!ids[0] || !ids[1]) continue;
        ++plantedPairs;
        plantedFound += found.count({std::min(*ids[0], *ids[1]), std::max(*ids[0], *ids[1])});
        if (const auto row = index.rowOf(*ids[0])) rows.push_back(*row);
    }
    std::mt19937_64 random(11);
    for (int i = 0; i < 1000; ++i)
        rows.push_back(random() % index.vectors().size());
    size_t exact = 0, agreed = 0;
    for (size_t row : rows)
        for (const Neighbour &n :
             index.neighbours().withinRadius({row, kAllSplitsMask, true}, radius)) {
            const int64_t a = index.segmentOf(row), b = index.segmentOf(n.row);
            ++exact;
            agreed += found.count({std::min(a, b), std::max(a, b)});
        }
    if (plantedPairs > 0)
        std::printf("  planted near copies found: %zu of %zu\n", plantedFound, plantedPairs);
    std::printf("  recall against exact radius searches from %zu rows: %zu of %zu pairs (%.3f)\n",
                rows.size(), agreed, exact, exact ? double(agreed) / double(exact) : 1.0);
}

// The stored (probed) scores of 500 segments of the ranking against scores from their exact
// 10 nearest: how many are the same, and how far the others are.
void scoreAgreement(Catalog &catalog, const SimilarityIndex &index, const std::string &mid,
                    const LabelErrorRanking &ranking) {
    const auto classId = catalog.classIdOf(mid);
    if (!classId || ranking.entries.empty()) return;
    const std::vector<bool> carries = index.rowsCarrying(catalog, *classId, Split::UnbalancedTrain);
    const size_t samples = std::min<size_t>(500, ranking.entries.size());
    size_t same = 0;
    double sumDifference = 0, maxDifference = 0;
    for (size_t i = 0; i < samples; ++i) {
        const auto &entry = ranking.entries[i * ranking.entries.size() / samples];
        const size_t row = *index.rowOf(entry.segmentId);
        const auto exact = index.neighbours().nearest({row, splitBit(Split::UnbalancedTrain), true},
                                                      size_t(ranking.k));
        size_t outside = 0;
        for (const Neighbour &n : exact)
            outside += carries[n.row] ? 0 : 1;
        const double score = exact.empty() ? 0.0 : double(outside) / double(exact.size());
        const double difference = std::abs(score - entry.score);
        same += difference < 1e-12;
        sumDifference += difference;
        maxDifference = std::max(maxDifference, difference);
    }
    std::printf("  against exact neighbours for %zu segments along the ranking: %zu scores the "
                "same (%.3f), mean difference %.4f, largest %.2f\n",
                samples, same, double(same) / double(samples), sumDifference / double(samples),
                maxDifference);
}

} // namespace

int main(int argc, char **argv) {
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    std::string db;
    std::string mid;
    // Near copies of one recording lie within a few units (real shards: 78 pairs within 20,
    // while the median nearest neighbour is at 408); the generator's near copies at about 6.
    double nearDistance = 20.0;
    std::string planted;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--db" && i + 1 < argc)
            db = argv[++i];
        else if (arg == "--class" && i + 1 < argc)
            mid = argv[++i];
        else if (arg == "--max-distance" && i + 1 < argc)
            nearDistance = std::atof(argv[++i]);
        else if (arg == "--planted" && i + 1 < argc)
            planted = argv[++i];
        else {
            std::fprintf(stderr, "usage: bench_neighbours [--db FILE] [--class MID] "
                                 "[--max-distance D] [--planted SYNTHETIC_PLANTED.csv]\n");
            return 2;
        }
    }
    std::string work;
    if (db.empty()) {
        work = makeTempDir("audioset-bench-nn");
        db = makeDemoIndex(work, 2'042'985);
        if (db.empty()) return 1;
        planted = work + "/release/SYNTHETIC_PLANTED.csv";
    }
    std::string error;
    auto catalog = Catalog::open(db, error);
    if (!catalog) {
        std::fprintf(stderr, "%s\n", error.c_str());
        return 1;
    }
    if (mid.empty()) {
        for (const ClassSummary &summary : catalog->classes())
            if (summary.name == "Music") mid = summary.mid;
    }
    const long rssBefore = anonymousRssKb();
    auto start = std::chrono::steady_clock::now();
    std::unique_ptr<SimilarityIndex> index;
    const Outcome loaded = SimilarityIndex::load(*catalog, {}, index);
    if (!loaded.isOk()) {
        std::fprintf(stderr, "%s\n", loaded.message.c_str());
        return 1;
    }
    const double loadSeconds = secondsSince(start);
    const VectorSet &vectors = index->vectors();
    const double structureMb = double(index->neighbours().bytes()) / 1e6;
    const double rssMb = double(anonymousRssKb() - rssBefore) / 1024.0;
    std::printf("%zu segment vectors; dot products: %s\n", vectors.size(), dotRowsPath());
    std::printf("Loading the vectors and building the index: %.1f s\n", loadSeconds);
    std::printf(
        "Memory: structures %.0f MB, anonymous RSS grown by %.0f MB   target < 600 MB  %s\n",
        structureMb, rssMb, verdict(structureMb < 600 && rssMb < 600));

    // similar, over all splits, warm: the tree against the SIMD scan and the scalar scan.
    std::mt19937_64 random(7);
    std::vector<size_t> queries;
    for (int i = 0; i < 40; ++i)
        queries.push_back(random() % vectors.size());
    bool exact = true;
    size_t q = 0;
    const double treeMs = medianMs(int(queries.size()), [&] {
        const NeighbourQuery query{queries[q++ % queries.size()], kAllSplitsMask, true};
        index->neighbours().nearest(query, 10);
    });
    q = 0;
    const double simdMs = medianMs(int(queries.size()), [&] {
        scanNearest(vectors, {queries[q++ % queries.size()], kAllSplitsMask, true}, 10);
    });
    q = 0;
    const double scalarMs = medianMs(9, [&] {
        scanNearest(vectors, {queries[q++ % queries.size()], kAllSplitsMask, true}, 10, true);
    });
    for (size_t query : queries)
        exact =
            exact && sameNeighbours(index->neighbours().nearest({query, kAllSplitsMask, true}, 10),
                                    scanNearest(vectors, {query, kAllSplitsMask, true}, 10));
    std::printf("\nsimilar, k = 10 over all splits (median of %zu queries):\n", queries.size());
    std::printf("  scalar scan  %8.1f ms\n  SIMD scan    %8.1f ms\n  index        %8.2f ms"
                "   (%.0fx the scalar scan)   target < 50 ms  %s\n",
                scalarMs, simdMs, treeMs, scalarMs / treeMs, verdict(treeMs < 50));
    std::printf("  same answers as the scan for all %zu queries: %s\n", queries.size(),
                verdict(exact));
    const uint64_t examinedBefore = index->neighbours().rowsExamined();
    for (size_t query : queries)
        index->neighbours().nearest({query, splitBit(Split::UnbalancedTrain), true}, 10);
    std::printf("  rows examined per query: %.0f of %zu\n",
                double(index->neighbours().rowsExamined() - examinedBefore) /
                    double(queries.size()),
                vectors.size());
    probeTradeOff(*index, *catalog, mid);
    if (std::getenv("BENCH_NN_ONLY_SIMILAR")) return 0;

    // Label-error scores of the class in unbalanced_train.
    start = std::chrono::steady_clock::now();
    LabelErrorRanking ranking;
    const Outcome scored =
        computeLabelErrors(*catalog, *index, mid, Split::UnbalancedTrain, {}, {}, ranking);
    const double scoreSeconds = secondsSince(start);
    // Baseline: scalar scans of the split for a sample of the class, extrapolated to all of it
    // on 2 threads.
    const size_t sample = 20;
    start = std::chrono::steady_clock::now();
    for (size_t i = 0; i < sample && i < ranking.entries.size(); ++i) {
        const size_t row =
            *index->rowOf(ranking.entries[i * ranking.entries.size() / sample].segmentId);
        scanNearest(vectors, {row, splitBit(Split::UnbalancedTrain), true}, 10, true);
    }
    const double scanSeconds =
        secondsSince(start) / double(sample) * double(ranking.entries.size()) / 2.0;
    std::printf("\nLabel-error scores, %s in unbalanced_train (%zu segments, k = 10, 2 threads, "
                "%s, %lld proved exact):\n",
                mid.c_str(), ranking.entries.size(), ranking.search.c_str(),
                static_cast<long long>(ranking.proved));
    std::printf("  scalar scans, extrapolated  %8.0f s\n  index                       %8.1f s"
                "   (%.0fx)   target < 30 s  %s\n",
                scanSeconds, scoreSeconds, scanSeconds / scoreSeconds,
                verdict(scored.isOk() && scoreSeconds < 30));
    scoreAgreement(*catalog, *index, mid, ranking);

    // Duplicates over everything: identical frames, then pairs within nearDistance.
    {
        DuplicateReport report;
        start = std::chrono::steady_clock::now();
        const Outcome found = findDuplicates(*catalog, *index, {}, {}, report);
        const double seconds = secondsSince(start);
        std::printf("\nDuplicates over all splits (identical frames): %s in %.1f s   target < 60 s"
                    "  %s\n",
                    found.message.c_str(), seconds, verdict(found.isOk() && seconds < 60));
    }
    DuplicateQuery near;
    near.maxDistance = nearDistance;
    DuplicateReport nearReport;
    start = std::chrono::steady_clock::now();
    const Outcome nearFound = findDuplicates(*catalog, *index, near, {}, nearReport);
    const double nearSeconds = secondsSince(start);
    std::printf("Duplicates within %.0f: %s in %.1f s   target < 60 s  %s\n", nearDistance,
                nearFound.message.c_str(), nearSeconds,
                verdict(nearFound.isOk() && nearSeconds < 60));
    nearRecall(*catalog, *index, nearReport, nearDistance, planted);
    q = 0;
    const double radiusMs = medianMs(int(queries.size()), [&] {
        index->neighbours().withinRadius({queries[q++ % queries.size()], kAllSplitsMask, true},
                                         nearDistance);
    });
    std::printf("  baselines: exact radius searches %.2f ms each, about %.0f s for all on 2 "
                "threads; a scalar scan of every segment about %.0f s\n",
                radiusMs, radiusMs / 1000.0 * double(vectors.size()) / 2.0,
                scalarMs / 1000.0 * double(vectors.size()) / 2.0);
    if (!work.empty()) removeTree(work);
    return 0;
}

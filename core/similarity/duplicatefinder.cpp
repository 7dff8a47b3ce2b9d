#include "duplicatefinder.h"

#include "labelerrorranking.h"

#include "catalog.h"
#include "duplicates.h"
#include "similarityindex.h"

#include <set>

namespace audioset {

namespace {

bool sameFrames(Catalog &catalog, int64_t a, int64_t b) {
    const auto first = catalog.embedding(a);
    const auto second = catalog.embedding(b);
    return first && second && first->frames == second->frames;
}

} // namespace

Outcome findDuplicates(Catalog &catalog, const SimilarityIndex &index, const DuplicateQuery &query,
                       const ProgressCallback &progress, DuplicateReport &out) {
    out = DuplicateReport{};
    const VectorSet &vectors = index.vectors();
    auto add = [&](const DuplicatePair &pair, bool identical) {
        const bool leak = isLeak(vectors.row(pair.a).split(), vectors.row(pair.b).split());
        out.identical += identical ? 1 : 0;
        out.leaks += leak ? 1 : 0;
        if (out.pairs.size() >= query.limit) {
            ++out.notListed;
            return;
        }
        out.pairs.push_back({index.segmentOf(pair.a), index.segmentOf(pair.b),
                             pair.distance.value(), identical, leak});
    };
    std::set<std::pair<uint32_t, uint32_t>> identicalRows;
    for (const DuplicatePair &pair : identicalFrameCandidates(vectors, query.splits)) {
        if (!sameFrames(catalog, index.segmentOf(pair.a), index.segmentOf(pair.b))) continue;
        identicalRows.insert({pair.a, pair.b});
        add(pair, true);
    }
    if (query.maxDistance) {
        if (*query.maxDistance < 0) return Outcome::failed("the maximum distance must be >= 0");
        bool stopped = false;
        NearSearch search;
        search.threads = query.threads;
        search.probe = probedLeavesFor(rowsIn(vectors, query.splits).size(), query.forceExact);
        out.nearSearch = searchDescription(search.probe);
        const auto pairs = nearDuplicates(
            index.neighbours(), query.splits, *query.maxDistance, search,
            [&](double share) {
                return !progress || progress(Progress{"comparing segment vectors",
                                                      uint64_t(share * 1000), 1000});
            },
            stopped);
        if (stopped) return Outcome::cancelled("cancelled");
        for (const DuplicatePair &pair : pairs)
            if (!identicalRows.count({pair.a, pair.b})) add(pair, false);
    }
    std::string near = std::to_string(out.pairs.size() + out.notListed - out.identical) + " near";
    if (!out.nearSearch.empty()) near += " (" + out.nearSearch + ")";
    return Outcome::ok(std::to_string(out.identical) + " identical, " + near + ", " +
                       std::to_string(out.leaks) + " across eval and training");
}

} // namespace audioset

#pragma once

#include "neighbourindex.h"
#include "outcome.h"
#include "progress.h"

#include <optional>
#include <string>
#include <vector>

namespace audioset {

class Catalog;
class SimilarityIndex;

/// Segment pairs that look like the same audio: byte-identical frames, or with a maximum
/// distance, vectors that close. A pair across eval and a training split is a leak.
struct DuplicateReport {
    struct Pair {
        int64_t first = 0, second = 0; // segment ids, first before second in (split, ytid, start)
        double distance = 0;
        bool identicalFrames = false;
        bool leak = false;
    };
    std::vector<Pair> pairs; // identical first, then by distance
    size_t identical = 0;
    size_t leaks = 0;
    size_t notListed = 0; // pairs found beyond the listing limit
    /// How the near pairs were searched: "exact", or "probed N leaves" for many segments.
    std::string nearSearch;
};

struct DuplicateQuery {
    SplitMask splits = kAllSplitsMask;
    std::optional<double> maxDistance; // none: identical frames only
    size_t limit = 100000;             // pairs listed at most; the rest are counted
    unsigned threads = 2;
    /// Near pairs by exact radius searches even over many segments (see findDuplicates).
    bool forceExact = false;
};

/// Finds the pairs; identical ones are confirmed by comparing the stored frame bytes. Near
/// pairs among up to kExactSearchRows segments are found exactly; among more, where an exact
/// radius search costs a good part of a scan a segment, each segment's kProbedLeaves nearest
/// leaves are searched (bench_neighbours measures what that misses).
Outcome findDuplicates(Catalog &catalog, const SimilarityIndex &index, const DuplicateQuery &query,
                       const ProgressCallback &progress, DuplicateReport &out);

} // namespace audioset

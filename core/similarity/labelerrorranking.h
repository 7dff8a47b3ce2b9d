#pragma once

#include "outcome.h"
#include "progress.h"
#include "split.h"

#include <cstdint>
#include <string>
#include <vector>

namespace audioset {

class Catalog;
class SimilarityIndex;

/// The label-error score of every segment of a class (rollup: it or a descendant) in a split,
/// highest first: the fraction of its k nearest segments in that split that do not carry the
/// class, ties broken by distance from the class's mean vector, farther first.
struct LabelErrorRanking {
    struct Entry {
        int64_t segmentId = 0;
        double score = 0;
        double meanDistance = 0;
    };
    std::string classMid;
    Split split = Split::Eval;
    int k = 10;
    std::vector<Entry> entries;
    std::string computedAt; // UTC, ISO 8601; empty until stored
    /// "exact", or "probed N leaves" for large splits (see computeLabelErrors).
    std::string search;
    /// Segments whose neighbours are proved the exact ones (all of them for exact search).
    int64_t proved = 0;
};

inline constexpr int kLabelErrorNeighbours = 10;
/// Splits up to this many vectors are searched exactly; beyond, where an exact search of
/// 128-d vectors costs about a scan of the split per segment (bounds prune little: the 10th
/// neighbour lies at ~60% of the typical distance in the real shards), the nearest leaves are
/// probed. bench_neighbours measures the recall this gives.
inline constexpr size_t kExactSearchRows = 250000;
inline constexpr size_t kProbedLeaves = 16;

/// Leaves to probe in a search over `rows` vectors: 0 (an exact search) up to kExactSearchRows
/// or when exactness is forced, kProbedLeaves beyond.
inline size_t probedLeavesFor(size_t rows, bool forceExact) {
    return forceExact || rows <= kExactSearchRows ? 0 : kProbedLeaves;
}
/// How a search with `probe` leaves is described to the user: "exact" or "probed N leaves".
inline std::string searchDescription(size_t probe) {
    return probe == 0 ? "exact" : "probed " + std::to_string(probe) + " leaves";
}

struct LabelErrorOptions {
    int k = kLabelErrorNeighbours;
    bool forceExact = false; // exact search whatever the split's size (slow at full scale)
    unsigned threads = 2;
};

/// Computes the ranking. Fails for an unknown class; cancelled when `progress` says stop.
Outcome computeLabelErrors(Catalog &catalog, const SimilarityIndex &index,
                           const std::string &classMid, Split split,
                           const LabelErrorOptions &options, const ProgressCallback &progress,
                           LabelErrorRanking &out);

/// Stores the ranking in the index file (replacing an earlier one for the same class, split and
/// k), so that it is shown at once next time; re-indexing the embeddings drops it.
Outcome storeLabelErrors(const std::string &indexPath, LabelErrorRanking &ranking);

/// The stored ranking, if any: Ok with entries, or Ok with none stored (`found` false).
Outcome loadLabelErrors(const std::string &indexPath, const std::string &classMid, Split split,
                        int k, LabelErrorRanking &out, bool &found);

} // namespace audioset

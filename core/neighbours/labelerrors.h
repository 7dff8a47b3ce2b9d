#pragma once

#include "neighbourindex.h"

#include <functional>
#include <vector>

namespace audioset {

/// How strongly a segment's neighbourhood disagrees with one of its labels.
struct LabelErrorScore {
    uint32_t row = 0;
    /// The fraction of its k nearest segments in the same split that do not carry the class.
    double score = 0;
    /// Distance from the mean vector of the class's segments in the split: the tie-break,
    /// farther first.
    double distanceFromMean = 0;
};

/// How the neighbours of each scored segment are found.
struct LabelErrorSearch {
    size_t k = 10;
    /// 0: exact search. Otherwise probe this many leaves (NeighbourIndex::nearestProbed):
    /// distances stay exact, a neighbour may be missed unless the answer is proved exact.
    size_t probe = 0;
    unsigned threads = 2;
};

/// Scores every row of `split` that carries the class (`carries[row]`), ranked: highest score
/// first, then farther from the class mean, then (split, ytid, start). `progress` (0..1, on the
/// calling thread) may return false to stop, and then the result is empty. `proved` counts the
/// segments whose neighbours are known to be the exact ones (all of them for exact search).
std::vector<LabelErrorScore> scoreLabelErrors(const NeighbourIndex &index, Split split,
                                              const std::vector<bool> &carries,
                                              const LabelErrorSearch &search,
                                              const std::function<bool(double)> &progress,
                                              size_t &proved);

} // namespace audioset

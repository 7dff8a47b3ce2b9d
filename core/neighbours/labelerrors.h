#pragma once

#include "neighbourindex.h"

#include <atomic>
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

/// Scores every row of `split` that carries the class (`carries[row]`), ranked: highest score
/// first, then farther from the class mean, then (split, ytid, start). Runs on `threads`
/// threads; `progress` (0..1, on the calling thread) may return false to stop, and then the
/// result is empty.
std::vector<LabelErrorScore> scoreLabelErrors(const NeighbourIndex &index, Split split,
                                              const std::vector<bool> &carries, size_t k,
                                              unsigned threads,
                                              const std::function<bool(double)> &progress);

/// Runs `work(i)` for i in [0, count) on `threads` threads, the calling thread among them,
/// calling `progress(done / count)` on the calling thread; stops early when it returns false.
/// True when all of the work ran.
bool runParallel(size_t count, unsigned threads, const std::function<void(size_t)> &work,
                 const std::function<bool(double)> &progress);

} // namespace audioset

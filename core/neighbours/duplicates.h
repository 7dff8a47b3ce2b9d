#pragma once

#include "neighbourindex.h"

#include <functional>
#include <vector>

namespace audioset {

/// Two segments whose vectors are the same or close; `a` ranks before `b` in (split, ytid,
/// start) order.
struct DuplicatePair {
    uint32_t a = 0, b = 0;
    ExactDistance distance;
    /// Set by the caller once the frame bytes are compared; see identicalFrameCandidates.
    bool identicalFrames = false;
};

/// Pairs whose frame hashes, frame counts and sums all agree, in rows of `splits`: every pair
/// with byte-identical frames is among them. The caller compares the bytes.
std::vector<DuplicatePair> identicalFrameCandidates(const VectorSet &vectors, SplitMask splits);

/// How nearDuplicates searches.
struct NearSearch {
    /// 0: every pair within the distance (a radius search a row, exact). Otherwise each row's
    /// `probe` nearest leaves (NeighbourIndex::withinRadiusProbedBatch): a pair whose rows
    /// both lie outside each other's probed leaves is missed.
    size_t probe = 0;
    unsigned threads = 2;
};

/// Pairs in `splits` within `maxDistance` of each other, each once, sorted by distance then
/// rows. `progress` as for runParallel; an empty result when stopped.
std::vector<DuplicatePair> nearDuplicates(const NeighbourIndex &index, SplitMask splits,
                                          double maxDistance, const NearSearch &search,
                                          const std::function<bool(double)> &progress,
                                          bool &stopped);

/// True when one segment is in eval and the other in a training split.
bool isLeak(Split a, Split b);

} // namespace audioset

#pragma once

#include <cstdint>

namespace audioset {

/// A class's counts in one split. "rollup" counts a segment once under a class however many of
/// its labels or DAG paths lead there; "exclusive" counts segments labelled with the class and
/// with none of its descendants.
struct SplitCounts {
    int64_t direct = 0;
    int64_t rollup = 0;
    int64_t exclusive = 0;
    int64_t reratedDirect = 0;
    int64_t reratedRollup = 0;
};

} // namespace audioset

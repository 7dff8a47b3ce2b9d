#pragma once

#include "split.h"

#include <array>
#include <cstdint>
#include <functional>

namespace audioset {

class Database;
class Diagnostics;
struct FeatureInputs;

struct EmbeddingCounts {
    std::array<int64_t, kSplitCount> records{};
    std::array<int64_t, kSplitCount> linked{};
    std::array<int64_t, kSplitCount> orphans{};
    std::array<int64_t, kSplitCount> labelDisagreements{};
};

/// Reads every record of `inputs` into freshly created embedding tables (inside the caller's
/// transaction), matches each to its segment and computes the class means. Reading runs on a
/// second thread. Returns false when `onProgress` (bytes of input done) asked to stop.
bool indexEmbeddings(Database &db, const FeatureInputs &inputs, Diagnostics &diagnostics,
                     const std::function<bool(uint64_t)> &onProgress, EmbeddingCounts &counts);

/// Matches the stored records to the segments again, after the segments were re-indexed.
void relinkEmbeddings(Database &db, Diagnostics &diagnostics, EmbeddingCounts &counts);

} // namespace audioset

#pragma once

#include "outcome.h"
#include "progress.h"

#include <cstdint>
#include <string>

namespace audioset {

struct DemoOptions {
    std::string dir;
    int64_t unbalancedSegments =
        200'000; // eval and balanced_train scale with it, as in the release
    uint64_t seed = 1;
    bool features = true; // also write features.tar.gz (TFRecords of synthetic frames)
    bool replace = false; // replace a folder that exists and is not empty
    // Write each segment CSV's rows in a random order (for the seed) instead of sorted by id as
    // the release does: the same rows, as a user's own or merged CSV may hold them.
    bool shuffleRows = false;
};

/// Writes a synthetic dataset in the exact release formats (ontology.json,
/// class_labels_indices.csv, the three segment CSVs, qa_true_counts.csv, rerated_video_ids.txt)
/// and features.tar.gz in the release's layout, plus a SYNTHETIC marker that the index and the
/// window show. Deterministic for a seed. The folder appears only when complete; an existing,
/// non-empty one is replaced only with `replace`. Cancelled or failed, nothing changed.
Outcome generateDemo(const DemoOptions &options, const ProgressCallback &progress = {});

} // namespace audioset

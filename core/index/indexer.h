#pragma once

#include "outcome.h"
#include "progress.h"
#include "split.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace audioset {

class Diagnostics;

struct IndexOptions {
    std::string dataDir;
    std::string dbPath;
    bool strict = false; // any problem in the input fails the run and leaves the index as it was
    bool force = false;  // re-index even when no input changed
    /// Feature archives, folders or .tfrecord files; empty: look in dataDir.
    std::vector<std::string> featurePaths;
};

/// What an indexing run did: its outcome, whether it found nothing to do, and what it read.
struct IndexReport {
    Outcome outcome = Outcome::failed("not run");
    bool upToDate = false; // ok, and no input had changed: nothing was written
    std::array<int64_t, kSplitCount> segments{};
    int64_t classes = 0;
    bool metadataIndexed = false;
    bool embeddingsIndexed = false;
    std::array<int64_t, kSplitCount> embeddings{}; // records read, per split
    int64_t orphanEmbeddings = 0;

    /// Ok, and something was written.
    bool indexed() const { return outcome.isOk() && !upToDate; }
};

/// Indexes a release folder into one SQLite file in two stages: the metadata files, and the
/// embeddings (features.tar.gz, an unpacked folder, or .tfrecord files). A stage whose inputs are
/// unchanged (same paths, sizes and modification times) is skipped; when only the segments
/// changed, the stored embeddings are matched to them again. The whole run is one transaction:
/// an interrupted, cancelled or failed run leaves the previous index as it was.
IndexReport indexRelease(const IndexOptions &options, Diagnostics &diagnostics,
                         const ProgressCallback &progress);

} // namespace audioset

#pragma once

#include "progress.h"
#include "split.h"

#include <array>
#include <cstdint>
#include <string>

namespace audioset {

class Diagnostics;

struct IndexOptions {
    std::string dataDir;
    std::string dbPath;
    bool strict = false; // any problem in the input fails the run and leaves the index as it was
    bool force = false;  // re-index even when no input changed
};

enum class IndexOutcome { UpToDate, Indexed, Cancelled, Failed };

struct IndexReport {
    IndexOutcome outcome = IndexOutcome::Failed;
    std::string message; // for Failed: what went wrong; otherwise a one-line summary
    std::array<int64_t, kSplitCount> segments{};
    int64_t classes = 0;
};

/// Indexes the metadata files of a release folder into one SQLite file. The whole run is one
/// transaction: an interrupted, cancelled or failed run leaves the previous index as it was.
/// Unchanged inputs (same paths, sizes and modification times) make it a no-op.
IndexReport indexRelease(const IndexOptions &options, Diagnostics &diagnostics,
                         const ProgressCallback &progress);

} // namespace audioset

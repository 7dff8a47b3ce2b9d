#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace audioset {

/// Where a long job stands. `total` is 0 when unknown.
struct Progress {
    std::string phase; // what is being done now, e.g. "eval_segments.csv"
    uint64_t done = 0;
    uint64_t total = 0;
};

/// Thrown inside a long job when its progress callback asked to stop; the job's entry point
/// turns it into a cancelled Outcome.
class Cancelled {};

/// Called now and then by long jobs; returning false asks the job to stop (cancel).
using ProgressCallback = std::function<bool(const Progress &)>;

} // namespace audioset

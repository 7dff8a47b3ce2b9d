#pragma once

#include "catalog.h"
#include "subsetplanner.h"

#include <functional>
#include <stdexcept>
#include <string>
#include <unordered_map>

namespace audioset {

/// A write that failed (the message names the file and why).
class ExportError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// What every format writer needs: the catalog, the plan, the folder, class names and label
/// indices, and a progress hook that throws Cancelled when asked to stop.
struct ExportContext {
    Catalog &catalog;
    const SubsetPlan &plan;
    std::string dir;
    std::unordered_map<std::string, const ClassSummary *> classByMid;
    std::vector<ClassSummary> classes;
    std::function<void(const std::string &phase, uint64_t done)> tick;
    int tfrecordShards = 0;
    int64_t records = 0;
    int64_t withoutRecord = 0;
    int64_t audioFiles = 0;
};

} // namespace audioset

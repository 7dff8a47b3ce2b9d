#pragma once

#include "segmentcsv.h"
#include "split.h"

#include <cstdint>
#include <functional>
#include <string>
#include <unordered_set>

namespace audioset {

class ClassGraph;
class Database;
class Diagnostics;
class LabelStatistics;

/// What one segment CSV held: where its rows went and what its header claimed.
struct SplitFileSummary {
    Split split = Split::Eval;
    std::string path;
    SegmentCsvHeader header;
    uint32_t firstSegmentId = 0;
    int64_t segmentCount = 0;
    int64_t skippedRows = 0;
    int64_t distinctYtids = 0;
    int64_t reratedSegments = 0;
};

/// Streams one segment CSV into the segments table and the split's label statistics, skipping
/// (and reporting) malformed rows and keeping unknown labels as classes of their own.
class SegmentLoader {
public:
    SegmentLoader(Database &db, ClassGraph &graph, const std::unordered_set<std::string> &rerated,
                  Diagnostics &diagnostics);

    /// Returns false when `onProgress` (called with the file offset) asked to stop, or the file
    /// could not be opened.
    bool load(SplitFileSummary &summary, uint64_t fileSize, LabelStatistics &statistics,
              const std::function<bool(uint64_t)> &onProgress);

private:
    Database &m_db;
    ClassGraph &m_graph;
    const std::unordered_set<std::string> &m_rerated;
    Diagnostics &m_diagnostics;
};

} // namespace audioset

#pragma once

#include "segmentcsv.h"
#include "split.h"

#include <cstdint>
#include <functional>
#include <string>

namespace audioset {

class ClassGraph;
class Database;
class Diagnostics;
class LabelStatistics;
class ReratedSet;

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
    bool sortedByYtid = true; // rows in byte order of id, as the release writes them
    bool unreadable = false;  // not even the first line could be read
};

/// Streams one segment CSV into the segments table and the split's label statistics, skipping
/// (and reporting) malformed rows and keeping unknown labels as classes of their own. Reading
/// and parsing run on a second thread while this one inserts.
class SegmentLoader {
public:
    SegmentLoader(Database &db, ClassGraph &graph, ReratedSet &rerated, Diagnostics &diagnostics);

    /// Returns false when `onProgress` (called with the file offset) asked to stop.
    bool load(SplitFileSummary &summary, LabelStatistics &statistics,
              const std::function<bool(uint64_t)> &onProgress);

private:
    Database &m_db;
    ClassGraph &m_graph;
    ReratedSet &m_rerated;
    Diagnostics &m_diagnostics;
};

} // namespace audioset

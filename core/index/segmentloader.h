#pragma once

#include "splitfilesummary.h"

#include <cstdint>
#include <functional>

namespace audioset {

class ClassGraph;
class Database;
class Diagnostics;
class LabelStatistics;
class ReratedSet;

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

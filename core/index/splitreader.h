#pragma once

#include "diagnostics.h"
#include "splitfilesummary.h"

#include <array>
#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

namespace audioset {

class ClassGraph;
class LabelStatistics;
class ReratedSet;
template <typename T> class BoundedQueue;

/// A problem found on the reading thread, reported in order by the writing thread.
struct PendingProblem {
    ProblemKind kind;
    uint64_t line;
    std::string message;
};

/// A segment row ready to insert; its label text lives in the batch's `labels`.
struct BatchRow {
    uint32_t id;
    std::array<char, 11> ytid;
    bool rerated;
    int64_t startMs;
    int64_t endMs;
    uint32_t labelsBegin;
    uint32_t labelsSize;
};

struct RowBatch {
    std::vector<BatchRow> rows;
    std::string labels;
    ProblemBatch<PendingProblem> problems;
    uint64_t fileOffset = 0;
};

/// The reading half of loading a segment CSV: parses, checks, resolves labels, finds
/// duplicates and rerated rows, accumulates the split's statistics, and hands rows over in
/// batches. Runs on its own thread and never touches the database.
class SplitReader {
public:
    SplitReader(SplitFileSummary &summary, ClassGraph &graph, ReratedSet &rerated,
                LabelStatistics &statistics, BoundedQueue<RowBatch> &queue,
                const std::atomic<bool> &stop);

    void run();

private:
    bool flush(uint64_t fileOffset);
    void problem(ProblemKind kind, uint64_t line, std::string message);
    void resolveLabels(std::string_view labels, uint64_t line);

    SplitFileSummary &m_summary;
    ClassGraph &m_graph;
    ReratedSet &m_rerated;
    LabelStatistics &m_statistics;
    BoundedQueue<RowBatch> &m_queue;
    const std::atomic<bool> &m_stop;
    RowBatch m_batch;
    std::vector<int> m_labelIds;
};

} // namespace audioset

#pragma once

#include "diagnostics.h"
#include "splitfilesummary.h"

#include <array>
#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace audioset {

class ClassGraph;
class LabelStatistics;
class ReratedSet;
class SplitHalfReader;
class SplitRowBuffer;
struct PackedYtid;
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
    // The rows handed over before this batch are void: the file turned out not to be in
    // (ytid, start) order, and its rows come again, sorted.
    bool restart = false;
    std::vector<BatchRow> rows;
    std::string labels;
    ProblemBatch<PendingProblem> problems;
    uint64_t fileOffset = 0;
};

/// The reading half of loading a segment CSV: parses, checks, resolves labels, finds
/// duplicates and rerated rows, accumulates the split's statistics, and hands rows over in
/// batches, always in (ytid, start) order, so the index is the same whatever the file's order.
/// A file in that order (as the release writes them) streams straight through; at the first
/// row out of order the rows handed over so far are voided and the file is read again into
/// memory, sorted, and handed over (a large plain file in two halves at once, the second on a
/// helper thread). Runs on its own thread and never touches the database.
class SplitReader {
public:
    SplitReader(SplitFileSummary &summary, ClassGraph &graph, ReratedSet &rerated,
                LabelStatistics &statistics, BoundedQueue<RowBatch> &queue,
                const std::atomic<bool> &stop);

    void run();

private:
    enum class Outcome { Finished, Stopped, OutOfOrder };

    struct BatchSink;
    template <typename OnRow>
    Outcome readRows(uint64_t reportFrom, OnRow &&onRow, std::optional<uint64_t> end = {});
    void finishReading(uint64_t lines);
    // Hands rows over as they are read while they are in order; at the first that is not,
    // stops and sets `outOfOrderLine`.
    Outcome stream(uint64_t &outOfOrderLine);
    // Reads the whole file again into memory and hands its rows over sorted; problems of the
    // lines before `reportFrom` were reported by stream().
    Outcome sortInMemory(uint64_t reportFrom);
    // False when stopped.
    bool takeSecondHalf(SplitHalfReader &second, uint64_t firstLines);
    Outcome emitSorted(const SplitRowBuffer &first, const SplitRowBuffer *second,
                       uint64_t reportFrom, uint64_t secondLineOffset = 0);
    void emitRow(std::string_view ytid, const PackedYtid &packed, int64_t startMs, int64_t endMs,
                 std::string_view labels, bool newVideo);
    void restartSummary();
    void reserveBatch();
    bool flush(uint64_t progressOffset);
    uint64_t progressOf(uint64_t fileOffset) const;
    void problem(ProblemKind kind, uint64_t line, std::string message);
    // Resolves "mid1,mid2" to distinct class ids in m_labelIds; problems are reported only for
    // lines from `reportFrom` (earlier ones were reported before a restart).
    void resolveLabels(std::string_view labels, uint64_t line, uint64_t reportFrom);
    // The text of labels kept as class ids, as the file had it.
    std::string_view joinMids(const std::vector<int> &classIds);

    SplitFileSummary &m_summary;
    ClassGraph &m_graph;
    ReratedSet &m_rerated;
    LabelStatistics &m_statistics;
    BoundedQueue<RowBatch> &m_queue;
    const std::atomic<bool> &m_stop;
    RowBatch m_batch;
    std::vector<int> m_labelIds;
    std::string m_labelText;
    uint32_t m_nextId = 0;
    uint64_t m_fileEnd = 0;   // where the last complete reading ended
    uint64_t m_linesRead = 0; // by that reading
    std::string m_readError;  // why that reading ended early, if it did
    char m_terminator = 0;    // the file's line ending, once read
    bool m_plainFile = false;
    uint64_t m_lastLineEnd = 0;  // in a plain file, the end of the last line read
    uint64_t m_progressBase = 0; // progress reported is base + file offset * share
    double m_progressShare = 1.0;
};

} // namespace audioset

#pragma once

#include "diagnostics.h"
#include "segmentcsv.h"
#include "splitreader.h"
#include "splitrowbuffer.h"

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <thread>

namespace audioset {

/// The second half of a large plain segment CSV, read and sorted on a thread of its own while
/// the reading thread does the first half. Its problems are kept (bounded, as a batch keeps
/// them) with line numbers counted from the half's first line, to be handed on after the first
/// half's once that half's line count is known; so are its rows' line numbers.
class SplitHalfReader {
public:
    /// Where the line after the middle of a plain file starts (the file uses `terminator`);
    /// nothing when no line ends within a window of the middle.
    static std::optional<uint64_t> lineStartNearMiddle(const std::string &path, uint64_t fileBytes,
                                                       char terminator);

    /// `graph` is read (not changed) on the half's thread until wait() returns.
    SplitHalfReader(const std::string &path, uint64_t begin, uint64_t end, char terminator,
                    const ClassGraph &graph, const std::atomic<bool> &stop);
    ~SplitHalfReader();
    SplitHalfReader(const SplitHalfReader &) = delete;
    SplitHalfReader &operator=(const SplitHalfReader &) = delete;

    /// Waits until the half is read and sorted; the fields below are then final.
    void wait();

    SplitRowBuffer rows;
    ProblemBatch<PendingProblem> problems;
    SegmentCsvHeader header; // the fields this half's `#` lines set
    int64_t skippedRows = 0;
    uint64_t lines = 0;
    uint64_t endOffset = 0; // the file offset where reading ended
    std::string error;      // why reading failed or stopped early, if it did
    bool completed = false; // read to its end (not stopped, and nothing failed to open)

private:
    void run(const std::string &path, uint64_t begin, uint64_t end, char terminator);

    const std::atomic<bool> &m_stop;
    std::thread m_thread;
};

} // namespace audioset

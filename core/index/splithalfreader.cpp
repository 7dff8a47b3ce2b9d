#include "splithalfreader.h"

#include "linereader.h"
#include "segmentlinescan.h"

#include <fcntl.h>
#include <unistd.h>

namespace audioset {

namespace {

// Keeps problems as a reading thread's batch does; asks to stop every so many lines.
struct HalfSink {
    ProblemBatch<PendingProblem> &problems;
    const std::atomic<bool> &stop;
    size_t sinceCheck = 0;

    void problem(ProblemKind kind, uint64_t line, std::string message) {
        if (problems.wantsFull(kind)) problems.full.push_back({kind, line, std::move(message)});
    }
    bool tick(const LineReader &) { return ++sinceCheck % 4096 != 0 || !stop; }
};

} // namespace

std::optional<uint64_t> SplitHalfReader::lineStartNearMiddle(const std::string &path,
                                                             uint64_t fileBytes, char terminator) {
    constexpr size_t kWindow = 64 * 1024;
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return std::nullopt;
    char window[kWindow];
    const uint64_t middle = fileBytes / 2;
    const ssize_t got = ::pread(fd, window, sizeof window, static_cast<off_t>(middle));
    ::close(fd);
    for (ssize_t i = 0; i < got; ++i)
        if (window[i] == terminator && middle + static_cast<uint64_t>(i) + 1 < fileBytes)
            return middle + static_cast<uint64_t>(i) + 1;
    return std::nullopt;
}

SplitHalfReader::SplitHalfReader(const std::string &path, uint64_t begin, uint64_t end,
                                 char terminator, const ClassGraph &graph,
                                 const std::atomic<bool> &stop)
    : rows(graph)
    , m_stop(stop) {
    rows.reserveForFile(end - begin);
    m_thread = std::thread([=] { run(path, begin, end, terminator); });
}

SplitHalfReader::~SplitHalfReader() {
    wait();
}

void SplitHalfReader::wait() {
    if (m_thread.joinable()) m_thread.join();
}

void SplitHalfReader::run(const std::string &path, uint64_t begin, uint64_t end, char terminator) {
    LineReader reader;
    if (!reader.openRange(path, begin, end, terminator)) {
        error = reader.error();
        return;
    }
    HalfSink sink{problems, m_stop};
    const bool read = scanSegmentLines(
        reader, sink, header, skippedRows, 0, [&](const SegmentLine &row, uint64_t line) {
            if (!rows.keep(row, line))
                sink.problem(ProblemKind::TruncatedInput, line, SplitRowBuffer::kTooManyRows);
            return true;
        });
    lines = reader.lineNumber();
    endOffset = reader.fileOffset();
    error = reader.error();
    if (!read) return; // stopped
    rows.sort();
    completed = true;
}

} // namespace audioset

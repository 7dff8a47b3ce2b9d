#include "splitreader.h"

#include "boundedqueue.h"
#include "classgraph.h"
#include "labelstatistics.h"
#include "linereader.h"
#include "reratedset.h"
#include "segmentcsv.h"
#include "segmentlinescan.h"
#include "splithalfreader.h"
#include "splitrowbuffer.h"
#include "textparse.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <limits>

namespace audioset {

namespace {
// A batch is handed over after this many rows or problems, so memory stays bounded however
// many lines are malformed.
constexpr size_t kBatchRows = 4096;
// A row's label text is ~25 bytes in the release ("/m/04rlf,/m/09x0r").
constexpr size_t kTypicalLabelBytes = 48;
// From this size on a plain file out of order is read again on two threads.
constexpr uint64_t kSplitReadingBytes = 256 * 1024;

std::string duplicateMessage(std::string_view ytid, int64_t startMs) {
    return "a second row for segment " + std::string(ytid) + " at " + formatMsAsSeconds(startMs) +
           "; the first is kept";
}
} // namespace

// Problems go into the batch, which is handed over every so many lines or problems.
struct SplitReader::BatchSink {
    SplitReader &reader;
    size_t sinceFlush = 0;

    void problem(ProblemKind kind, uint64_t line, std::string message) {
        reader.problem(kind, line, std::move(message));
    }
    bool tick(const LineReader &lines) {
        if (++sinceFlush < kBatchRows && reader.m_batch.problems.size() < kBatchRows) return true;
        sinceFlush = 0;
        return reader.flush(reader.progressOf(lines.fileOffset()));
    }
};

// One reading of the file from its first line (up to `end` for the first half of a split
// reading): header lines and malformed rows are handled here (problems of lines before
// `reportFrom` are not reported again), each valid row goes to `onRow(row, line)`, which
// returns false to end the pass early.
template <typename OnRow>
SplitReader::Outcome SplitReader::readRows(uint64_t reportFrom, OnRow &&onRow,
                                           std::optional<uint64_t> end) {
    LineReader reader;
    const bool opened =
        end ? reader.openRange(m_summary.path, 0, *end, m_terminator) : reader.open(m_summary.path);
    if (!opened) {
        problem(ProblemKind::UnreadableFile, kWholeFile, "cannot read: " + reader.error());
        m_summary.unreadable = true;
        return Outcome::Finished;
    }
    BatchSink sink{*this};
    bool outOfOrder = false;
    const bool finished = scanSegmentLines(reader, sink, m_summary.header, m_summary.skippedRows,
                                           reportFrom, [&](const SegmentLine &row, uint64_t line) {
                                               outOfOrder = !onRow(row, line);
                                               return !outOfOrder;
                                           });
    m_terminator = reader.terminator();
    m_plainFile = !reader.compressed();
    m_lastLineEnd = reader.plainOffset();
    if (outOfOrder) return Outcome::OutOfOrder;
    if (!finished) return Outcome::Stopped;
    m_fileEnd = reader.fileOffset();
    m_linesRead = reader.lineNumber();
    if (!reader.error().empty() && reader.lineNumber() == 0) {
        problem(ProblemKind::UnreadableFile, kWholeFile, "cannot read: " + reader.error());
        m_summary.unreadable = true;
        return Outcome::Finished;
    }
    m_readError = reader.error();
    if (!end) finishReading(reader.lineNumber());
    return Outcome::Finished;
}

// The checks that need the whole file read: a truncated end, and the header's statistics line.
void SplitReader::finishReading(uint64_t lines) {
    if (!m_readError.empty())
        problem(ProblemKind::TruncatedInput, lines + 1,
                m_readError + "; the rows before were kept");
    if (!m_summary.header.numSegs)
        problem(ProblemKind::BadHeader, kWholeFile,
                "no '# num_ytids=..., num_segs=...' header line; the header check is skipped");
}

SplitReader::SplitReader(SplitFileSummary &summary, ClassGraph &graph, ReratedSet &rerated,
                         LabelStatistics &statistics, BoundedQueue<RowBatch> &queue,
                         const std::atomic<bool> &stop)
    : m_summary(summary)
    , m_graph(graph)
    , m_rerated(rerated)
    , m_statistics(statistics)
    , m_queue(queue)
    , m_stop(stop) {}

void SplitReader::problem(ProblemKind kind, uint64_t line, std::string message) {
    if (m_batch.problems.wantsFull(kind))
        m_batch.problems.full.push_back({kind, line, std::move(message)});
}

uint64_t SplitReader::progressOf(uint64_t fileOffset) const {
    return m_progressBase + static_cast<uint64_t>(double(fileOffset) * m_progressShare);
}

bool SplitReader::flush(uint64_t progressOffset) {
    m_batch.fileOffset = progressOffset;
    const bool accepted = m_queue.push(std::move(m_batch));
    m_batch = RowBatch();
    reserveBatch();
    return accepted && !m_stop;
}

// Sized for a full batch: grown row by row, the label text was copied over and over.
void SplitReader::reserveBatch() {
    m_batch.rows.reserve(kBatchRows);
    m_batch.labels.reserve(kBatchRows * kTypicalLabelBytes);
}

void SplitReader::resolveLabels(std::string_view labels, uint64_t line, uint64_t reportFrom) {
    const bool report = line >= reportFrom;
    m_labelIds.clear();
    forEachLabelMid(labels, [&](std::string_view mid) {
        int id = m_graph.find(mid);
        if (id < 0) id = m_graph.addUnknown(mid);
        if (report && !m_graph.at(id).isKnownLabel())
            problem(ProblemKind::UnknownLabel, line,
                    "label " + std::string(mid) +
                        " is not in the ontology or the label index; the segment is kept with "
                        "it as an unknown class");
        if (std::find(m_labelIds.begin(), m_labelIds.end(), id) != m_labelIds.end()) {
            if (report)
                problem(ProblemKind::BadLabelList, line,
                        "label " + std::string(mid) + " is listed twice; counted once");
        } else {
            m_labelIds.push_back(id);
        }
        return true;
    });
}

std::string_view SplitReader::joinMids(const std::vector<int> &classIds) {
    m_labelText.clear();
    for (size_t i = 0; i < classIds.size(); ++i) {
        if (i) m_labelText += ',';
        m_labelText += m_graph.at(classIds[i]).mid;
    }
    return m_labelText;
}

void SplitReader::emitRow(std::string_view ytid, const PackedYtid &packed, int64_t startMs,
                          int64_t endMs, std::string_view labels, bool newVideo) {
    const bool rerated = m_rerated.contains(packed);
    BatchRow &out = m_batch.rows.emplace_back();
    out.id = m_nextId;
    std::memcpy(out.ytid.data(), ytid.data(), out.ytid.size());
    out.rerated = rerated;
    out.startMs = startMs;
    out.endMs = endMs;
    out.labelsBegin = static_cast<uint32_t>(m_batch.labels.size());
    out.labelsSize = static_cast<uint32_t>(labels.size());
    m_batch.labels.append(labels);

    m_statistics.addSegment(m_nextId, rerated, m_labelIds);
    m_summary.distinctYtids += newVideo;
    m_summary.reratedSegments += rerated;
    ++m_summary.segmentCount;
    ++m_nextId;
}

SplitReader::Outcome SplitReader::stream(uint64_t &outOfOrderLine) {
    PackedYtid previous;
    int64_t previousStart = 0;
    bool first = true;
    return readRows(0, [&](const SegmentLine &row, uint64_t line) {
        const PackedYtid packed = PackedYtid::pack(row.ytid);
        if (!first && SplitRowBuffer::segmentBefore(packed, row.startMs, previous, previousStart)) {
            outOfOrderLine = line;
            return false;
        }
        if (!first && packed == previous && row.startMs == previousStart) {
            problem(ProblemKind::DuplicateSegment, line, duplicateMessage(row.ytid, row.startMs));
            ++m_summary.skippedRows;
            return true;
        }
        resolveLabels(row.labels, line, 0);
        emitRow(row.ytid, packed, row.startMs, row.endMs, row.labels, first || packed != previous);
        previous = packed;
        previousStart = row.startMs;
        first = false;
        return true;
    });
}

void SplitReader::restartSummary() {
    m_batch.rows.clear();
    m_batch.labels.clear();
    m_batch.restart = true;
    m_summary.header = SegmentCsvHeader{}; // read again, so that its checks run once
    m_summary.segmentCount = 0;
    m_summary.skippedRows = 0;
    m_summary.distinctYtids = 0;
    m_summary.reratedSegments = 0;
    m_summary.sortedByYtid = false;
    m_statistics.reset();
    m_nextId = m_summary.firstSegmentId;
}

SplitReader::Outcome SplitReader::sortInMemory(uint64_t reportFrom) {
    std::error_code error;
    const auto fileBytes = std::filesystem::file_size(m_summary.path, error);
    // A large plain file is read in two halves at once, the second on a helper thread: the
    // writing thread has nothing to do until the rows are sorted. Only when every line of the
    // second half comes after `reportFrom`, so none of its problems was reported before.
    std::optional<uint64_t> middle;
    if (!error && m_plainFile && m_terminator && fileBytes >= kSplitReadingBytes)
        middle = SplitHalfReader::lineStartNearMiddle(m_summary.path, fileBytes, m_terminator);
    if (middle && m_lastLineEnd > *middle) middle.reset();
    std::optional<SplitHalfReader> second;
    // Both halves look their rows' labels up while reading, on two threads, so that the sorted
    // rows need not be resolved one by one afterwards; the graph does not change until then.
    if (middle) second.emplace(m_summary.path, *middle, fileBytes, m_terminator, m_graph, m_stop);

    SplitRowBuffer rows(m_graph);
    if (!error) rows.reserveForFile(middle ? *middle : fileBytes);
    m_progressShare = middle ? 1.0 : 0.5; // reading is the first half of the work
    const Outcome outcome = readRows(
        reportFrom,
        [&](const SegmentLine &row, uint64_t line) {
            if (!rows.keep(row, line))
                problem(ProblemKind::TruncatedInput, line, SplitRowBuffer::kTooManyRows);
            return true;
        },
        middle);
    if (outcome != Outcome::Finished) return outcome;
    if (!second) {
        rows.sort();
        return emitSorted(rows, nullptr, reportFrom);
    }
    rows.sort(); // while the helper may still be at its half
    second->wait();
    if (!m_summary.unreadable && m_readError.empty() && !second->completed && second->error.empty())
        return Outcome::Stopped;
    const uint64_t firstLines = m_linesRead;
    if (m_summary.unreadable || !m_readError.empty()) {
        // The first half failed: the second is not used, as a single reading would stop there.
        if (!m_summary.unreadable) finishReading(firstLines);
        second->rows = SplitRowBuffer();
    } else if (!takeSecondHalf(*second, firstLines)) {
        return Outcome::Stopped;
    }
    return emitSorted(rows, &second->rows, reportFrom, firstLines);
}

// The second half's header lines, problems and read error, after the first half's, with its
// line numbers counted from the file's first line.
bool SplitReader::takeSecondHalf(SplitHalfReader &second, uint64_t firstLines) {
    SegmentCsvHeader &header = m_summary.header;
    if (!second.header.createdLine.empty()) header.createdLine = second.header.createdLine;
    for (auto field : {&SegmentCsvHeader::numYtids, &SegmentCsvHeader::numSegs,
                       &SegmentCsvHeader::numUniqueLabels, &SegmentCsvHeader::numPositiveLabels})
        if (second.header.*field) header.*field = second.header.*field;
    m_summary.skippedRows += second.skippedRows;
    for (PendingProblem &pending : second.problems.full) {
        if (m_batch.problems.size() >= kBatchRows && !flush(progressOf(m_fileEnd))) return false;
        problem(pending.kind, pending.line + firstLines, std::move(pending.message));
    }
    for (size_t kind = 0; kind < kProblemKindCount; ++kind)
        m_batch.problems.counted[kind] += second.problems.counted[kind];
    m_fileEnd = second.endOffset;
    m_readError = second.error;
    finishReading(firstLines + second.lines);
    return true;
}

// Hands over the rows in (ytid, start) order, merging the two sorted halves of a split
// reading (`second`, whose line numbers count from `secondLineOffset`); of several rows for one
// segment the first in the file is kept.
SplitReader::Outcome SplitReader::emitSorted(const SplitRowBuffer &first,
                                             const SplitRowBuffer *second, uint64_t reportFrom,
                                             uint64_t secondLineOffset) {
    static const SplitRowBuffer kNone;
    const SplitRowBuffer &other = second ? *second : kNone;
    const size_t total = first.size() + other.size();
    const uint64_t fileSize = m_fileEnd;
    m_progressBase = fileSize / 2;
    m_progressShare = 0.5;
    size_t a = 0, b = 0;
    bool any = false;
    PackedYtid previous;
    int64_t previousStart = 0;
    for (size_t done = 0; done < total; ++done) {
        if (m_batch.rows.size() >= kBatchRows || m_batch.problems.size() >= kBatchRows) {
            if (!flush(progressOf(
                    static_cast<uint64_t>(double(done) / double(total) * double(fileSize)))))
                return Outcome::Stopped;
        }
        constexpr size_t kPrefetchAhead = 16;
        first.prefetchLabels(a + kPrefetchAhead);
        other.prefetchLabels(b + kPrefetchAhead);
        // Ties go to the first half: its lines come first in the file.
        const bool fromFirst =
            b == other.size() || (a < first.size() && !SplitRowBuffer::segmentBefore(
                                                          other.at(b).ytid(), other.at(b).startMs,
                                                          first.at(a).ytid(), first.at(a).startMs));
        const SplitRowBuffer &from = fromFirst ? first : other;
        const SplitRowBuffer::Row &row = fromFirst ? first.at(a++) : other.at(b++);
        const uint64_t line = row.line + (fromFirst ? 0 : secondLineOffset);
        const PackedYtid packed = row.ytid();
        const std::array<char, 11> ytid = packed.unpack();
        const std::string_view ytidText(ytid.data(), ytid.size());
        if (any && packed == previous && row.startMs == previousStart) {
            if (line >= reportFrom)
                problem(ProblemKind::DuplicateSegment, line,
                        duplicateMessage(ytidText, row.startMs));
            ++m_summary.skippedRows;
            continue;
        }
        std::string_view labels;
        if (row.classCount) {
            from.classIds(row, m_labelIds);
            labels = joinMids(m_labelIds);
        } else {
            labels = from.labels(row);
            resolveLabels(labels, line, reportFrom);
        }
        emitRow(ytidText, packed, row.startMs, row.endMs, labels, !any || packed != previous);
        any = true;
        previous = packed;
        previousStart = row.startMs;
    }
    m_progressBase = 0;
    m_progressShare = 1.0;
    return Outcome::Finished;
}

void SplitReader::run() {
    reserveBatch();
    m_nextId = m_summary.firstSegmentId;
    m_summary.sortedByYtid = true;
    uint64_t outOfOrderLine = 0;
    Outcome outcome = stream(outOfOrderLine);
    if (outcome == Outcome::OutOfOrder) {
        restartSummary();
        outcome = sortInMemory(outOfOrderLine);
    }
    if (outcome == Outcome::Stopped) return;
    flush(m_fileEnd);
}

} // namespace audioset

#include "splitreader.h"

#include "boundedqueue.h"
#include "classgraph.h"
#include "labelstatistics.h"
#include "linereader.h"
#include "reratedset.h"
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

std::string duplicateMessage(std::string_view ytid, int64_t startMs) {
    return "a second row for segment " + std::string(ytid) + " at " + formatMsAsSeconds(startMs) +
           "; the first is kept";
}
} // namespace

// One reading of the file from its first line: header lines and malformed rows are handled
// here (problems of lines before `reportFrom` are not reported again), each valid row goes to
// `onRow(row, line)`, which returns false to end the pass early.
template <typename OnRow>
SplitReader::Outcome SplitReader::readRows(uint64_t reportFrom, OnRow &&onRow) {
    LineReader reader;
    if (!reader.open(m_summary.path)) {
        problem(ProblemKind::UnreadableFile, kWholeFile, "cannot read: " + reader.error());
        m_summary.unreadable = true;
        return Outcome::Finished;
    }
    bool sawStatistics = false;
    std::string_view line;
    SegmentLine row;
    size_t sinceFlush = 0;
    while (reader.next(line)) {
        if (++sinceFlush >= kBatchRows || m_batch.problems.size() >= kBatchRows) {
            sinceFlush = 0;
            if (!flush(progressOf(reader.fileOffset()))) return Outcome::Stopped;
        }
        const uint64_t lineNumber = reader.lineNumber();
        const bool report = lineNumber >= reportFrom;
        if (line.empty()) continue;
        if (line.front() == '#') {
            const bool before = m_summary.header.numSegs.has_value();
            if (auto error = parseSegmentHeaderLine(line, m_summary.header); error && report)
                problem(ProblemKind::BadHeader, lineNumber, *error);
            sawStatistics |= m_summary.header.numSegs.has_value() && !before;
            continue;
        }
        if (auto error = parseSegmentLine(line, row)) {
            if (report) problem(error->kind, lineNumber, std::move(error->message));
            ++m_summary.skippedRows;
            continue;
        }
        if (!onRow(row, lineNumber)) return Outcome::OutOfOrder;
    }
    m_fileEnd = reader.fileOffset();
    if (!reader.error().empty() && reader.lineNumber() == 0) {
        problem(ProblemKind::UnreadableFile, kWholeFile, "cannot read: " + reader.error());
        m_summary.unreadable = true;
        return Outcome::Finished;
    }
    if (!reader.error().empty())
        problem(ProblemKind::TruncatedInput, reader.lineNumber() + 1,
                reader.error() + "; the rows before were kept");
    if (!sawStatistics)
        problem(ProblemKind::BadHeader, kWholeFile,
                "no '# num_ytids=..., num_segs=...' header line; the header check is skipped");
    return Outcome::Finished;
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
    m_batch.rows.reserve(kBatchRows);
    return accepted && !m_stop;
}

void SplitReader::resolveLabels(std::string_view labels, uint64_t line, uint64_t reportFrom) {
    const bool report = line >= reportFrom;
    m_labelIds.clear();
    size_t start = 0;
    for (;;) {
        const size_t comma = labels.find(',', start);
        const std::string_view mid =
            labels.substr(start, comma == std::string_view::npos ? labels.npos : comma - start);
        int id = m_graph.find(mid);
        if (id < 0) id = m_graph.addUnknown(mid);
        if (report && !m_graph.at(id).inOntology && m_graph.at(id).labelIndex < 0)
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
        if (comma == std::string_view::npos) return;
        start = comma + 1;
    }
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
    SplitRowBuffer rows;
    std::error_code error;
    const auto fileBytes = std::filesystem::file_size(m_summary.path, error);
    if (!error) rows.reserveForFile(fileBytes);
    bool full = false;
    m_progressShare = 0.5; // reading is the first half of the work, handing over the second
    const Outcome outcome = readRows(reportFrom, [&](const SegmentLine &row, uint64_t line) {
        if (full) return true;
        if (!rows.add(PackedYtid::pack(row.ytid), row.startMs, row.endMs, line, row.labels)) {
            full = true;
            problem(ProblemKind::TruncatedInput, line,
                    "more than 4 GiB of labels or 4 G lines in one file, too many to sort; "
                    "this row and the rest are skipped");
        }
        return true;
    });
    if (outcome != Outcome::Finished) return outcome;
    rows.sort();
    return emitSorted(rows, reportFrom);
}

SplitReader::Outcome SplitReader::emitSorted(const SplitRowBuffer &rows, uint64_t reportFrom) {
    const uint64_t fileSize = m_fileEnd;
    m_progressBase = fileSize / 2;
    for (size_t i = 0; i < rows.size(); ++i) {
        if (m_batch.rows.size() >= kBatchRows || m_batch.problems.size() >= kBatchRows) {
            const double done = double(i) / double(rows.size());
            if (!flush(progressOf(static_cast<uint64_t>(done * double(fileSize)))))
                return Outcome::Stopped;
        }
        constexpr size_t kPrefetchAhead = 16;
        rows.prefetchLabels(i + kPrefetchAhead);
        const SplitRowBuffer::Row &row = rows.at(i);
        const PackedYtid packed = row.ytid();
        const std::array<char, 11> ytid = packed.unpack();
        const std::string_view ytidText(ytid.data(), ytid.size());
        if (rows.repeatsPrevious(i)) {
            if (row.line >= reportFrom)
                problem(ProblemKind::DuplicateSegment, row.line,
                        duplicateMessage(ytidText, row.startMs));
            ++m_summary.skippedRows;
            continue;
        }
        resolveLabels(rows.labels(row), row.line, reportFrom);
        emitRow(ytidText, packed, row.startMs, row.endMs, rows.labels(row),
                i == 0 || packed != rows.at(i - 1).ytid());
    }
    m_progressBase = 0;
    m_progressShare = 1.0;
    return Outcome::Finished;
}

void SplitReader::run() {
    m_batch.rows.reserve(kBatchRows);
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

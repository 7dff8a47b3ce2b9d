#include "splitreader.h"

#include "boundedqueue.h"
#include "classgraph.h"
#include "labelstatistics.h"
#include "linereader.h"
#include "reratedset.h"
#include "segmentkeyset.h"
#include "textparse.h"

#include <algorithm>
#include <cstring>

namespace audioset {

namespace {
// A batch is handed over after this many rows or problems, so memory stays bounded however
// many lines are malformed.
constexpr size_t kBatchRows = 4096;
} // namespace

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

bool SplitReader::flush(uint64_t fileOffset) {
    m_batch.fileOffset = fileOffset;
    const bool accepted = m_queue.push(std::move(m_batch));
    m_batch = RowBatch();
    m_batch.rows.reserve(kBatchRows);
    return accepted && !m_stop;
}

// Resolves "mid1,mid2" to distinct class ids; an unknown mid becomes a class of its own.
void SplitReader::resolveLabels(std::string_view labels, uint64_t line) {
    m_labelIds.clear();
    size_t start = 0;
    for (;;) {
        const size_t comma = labels.find(',', start);
        const std::string_view mid =
            labels.substr(start, comma == std::string_view::npos ? labels.npos : comma - start);
        int id = m_graph.find(mid);
        if (id < 0) id = m_graph.addUnknown(mid);
        if (!m_graph.at(id).inOntology && m_graph.at(id).labelIndex < 0)
            problem(ProblemKind::UnknownLabel, line,
                    "label " + std::string(mid) +
                        " is not in the ontology or the label index; the segment is kept with "
                        "it as an unknown class");
        if (std::find(m_labelIds.begin(), m_labelIds.end(), id) != m_labelIds.end())
            problem(ProblemKind::BadLabelList, line,
                    "label " + std::string(mid) + " is listed twice; counted once");
        else
            m_labelIds.push_back(id);
        if (comma == std::string_view::npos) return;
        start = comma + 1;
    }
}

void SplitReader::run() {
    LineReader reader;
    if (!reader.open(m_summary.path)) {
        problem(ProblemKind::UnreadableFile, kWholeFile, "cannot read: " + reader.error());
        m_summary.unreadable = true;
        flush(0);
        return;
    }
    m_batch.rows.reserve(kBatchRows);
    SegmentKeySet keys;
    uint32_t nextId = m_summary.firstSegmentId;
    bool sawStatistics = false;
    std::string_view line;
    SegmentLine row;
    while (reader.next(line)) {
        if ((m_batch.rows.size() >= kBatchRows || m_batch.problems.size() >= kBatchRows) &&
            !flush(reader.fileOffset()))
            return;
        const uint64_t lineNumber = reader.lineNumber();
        if (line.empty()) continue;
        if (line.front() == '#') {
            const bool before = m_summary.header.numSegs.has_value();
            if (auto error = parseSegmentHeaderLine(line, m_summary.header))
                problem(ProblemKind::BadHeader, lineNumber, *error);
            sawStatistics |= m_summary.header.numSegs.has_value() && !before;
            continue;
        }
        if (auto error = parseSegmentLine(line, row)) {
            problem(error->kind, lineNumber, std::move(error->message));
            ++m_summary.skippedRows;
            continue;
        }
        const PackedYtid packed = PackedYtid::pack(row.ytid);
        const SegmentKeySet::Seen seen = keys.add(packed, row.startMs);
        if (seen == SegmentKeySet::Seen::Duplicate) {
            problem(ProblemKind::DuplicateSegment, lineNumber,
                    "a second row for segment " + std::string(row.ytid) + " at " +
                        formatMsAsSeconds(row.startMs) + "; the first is kept");
            ++m_summary.skippedRows;
            continue;
        }
        resolveLabels(row.labels, lineNumber);
        const bool rerated = m_rerated.contains(packed);

        BatchRow &out = m_batch.rows.emplace_back();
        out.id = nextId;
        std::memcpy(out.ytid.data(), row.ytid.data(), out.ytid.size());
        out.rerated = rerated;
        out.startMs = row.startMs;
        out.endMs = row.endMs;
        out.labelsBegin = static_cast<uint32_t>(m_batch.labels.size());
        out.labelsSize = static_cast<uint32_t>(row.labels.size());
        m_batch.labels.append(row.labels);

        m_statistics.addSegment(nextId, rerated, m_labelIds);
        m_summary.distinctYtids += seen == SegmentKeySet::Seen::NewVideo;
        m_summary.reratedSegments += rerated;
        ++m_summary.segmentCount;
        ++nextId;
    }
    if (!reader.error().empty() && reader.lineNumber() == 0) {
        problem(ProblemKind::UnreadableFile, kWholeFile, "cannot read: " + reader.error());
        m_summary.unreadable = true;
        flush(reader.fileOffset());
        return;
    }
    if (!reader.error().empty())
        problem(ProblemKind::TruncatedInput, reader.lineNumber() + 1,
                reader.error() + "; the rows before were kept");
    if (!sawStatistics)
        problem(ProblemKind::BadHeader, kWholeFile,
                "no '# num_ytids=..., num_segs=...' header line; the header check is skipped");
    m_summary.sortedByYtid = keys.sortedByYtid();
    flush(reader.fileOffset());
}

} // namespace audioset

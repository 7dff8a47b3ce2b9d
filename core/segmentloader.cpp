#include "segmentloader.h"

#include "classgraph.h"
#include "diagnostics.h"
#include "labelstatistics.h"
#include "linereader.h"
#include "segmentkeyset.h"
#include "sqlitedb.h"
#include "textparse.h"

#include <algorithm>

namespace audioset {

namespace {

constexpr uint64_t kProgressEveryLines = 1u << 15;

// Resolves "mid1,mid2" to distinct class ids, adding unknown mids as classes of their own.
class LabelResolver {
public:
    LabelResolver(ClassGraph &graph, Diagnostics &diagnostics, const std::string &path)
        : m_graph(graph)
        , m_diagnostics(diagnostics)
        , m_path(path) {}

    const std::vector<int> &resolve(std::string_view labels, uint64_t line) {
        m_ids.clear();
        size_t start = 0;
        for (;;) {
            const size_t comma = labels.find(',', start);
            const std::string_view mid =
                labels.substr(start, comma == std::string_view::npos ? labels.npos : comma - start);
            add(mid, line);
            if (comma == std::string_view::npos) break;
            start = comma + 1;
        }
        return m_ids;
    }

private:
    void add(std::string_view mid, uint64_t line) {
        int id = m_graph.find(mid);
        if (id < 0) id = m_graph.addUnknown(mid);
        if (!m_graph.at(id).inOntology && m_graph.at(id).labelIndex < 0)
            m_diagnostics.report(ProblemKind::UnknownLabel, m_path, line,
                                 "label " + std::string(mid) +
                                     " is not in the ontology or the label index; the segment is "
                                     "kept with it as an unknown class");
        if (std::find(m_ids.begin(), m_ids.end(), id) != m_ids.end()) {
            m_diagnostics.report(ProblemKind::BadLabelList, m_path, line,
                                 "label " + std::string(mid) + " is listed twice; counted once");
            return;
        }
        m_ids.push_back(id);
    }

    ClassGraph &m_graph;
    Diagnostics &m_diagnostics;
    const std::string &m_path;
    std::vector<int> m_ids;
};

} // namespace

SegmentLoader::SegmentLoader(Database &db, ClassGraph &graph,
                             const std::unordered_set<std::string> &rerated,
                             Diagnostics &diagnostics)
    : m_db(db)
    , m_graph(graph)
    , m_rerated(rerated)
    , m_diagnostics(diagnostics) {}

bool SegmentLoader::load(SplitFileSummary &summary, uint64_t fileSize, LabelStatistics &statistics,
                         const std::function<bool(uint64_t)> &onProgress) {
    const std::string &path = summary.path;
    LineReader reader;
    if (!reader.open(path)) {
        m_diagnostics.report(ProblemKind::UnreadableFile, path, 0,
                             "cannot read: " + reader.error());
        return true;
    }
    Statement insert = m_db.prepare("INSERT INTO segments VALUES(?,?,?,?,?,?,?)");
    Statement lookup = m_db.prepare("SELECT ytid, start_ms FROM segments WHERE id=?");
    SegmentKeySet keys(static_cast<size_t>(fileSize / 48));
    LabelResolver resolver(m_graph, m_diagnostics, path);
    const int splitValue = splitIndex(summary.split);
    uint32_t nextId = summary.firstSegmentId;
    bool sawStatistics = false;

    std::string_view line;
    SegmentLine row;
    while (reader.next(line)) {
        const uint64_t lineNumber = reader.lineNumber();
        if (lineNumber % kProgressEveryLines == 0 && !onProgress(reader.fileOffset())) return false;
        if (line.empty()) continue;
        if (line.front() == '#') {
            const bool before = summary.header.numSegs.has_value();
            if (auto error = parseSegmentHeaderLine(line, summary.header))
                m_diagnostics.report(ProblemKind::BadHeader, path, lineNumber, *error);
            sawStatistics |= summary.header.numSegs.has_value() && !before;
            continue;
        }
        if (auto error = parseSegmentLine(line, row)) {
            m_diagnostics.report(error->kind, path, lineNumber, std::move(error->message));
            ++summary.skippedRows;
            continue;
        }

        bool knownYtid = false;
        bool duplicate = false;
        keys.forEachCandidate(row.ytid, [&](uint32_t candidate) {
            lookup.bind(1, static_cast<int64_t>(candidate));
            if (lookup.step() && lookup.columnText(0) == row.ytid) {
                knownYtid = true;
                duplicate |= lookup.columnInt(1) == row.startMs;
            }
            lookup.reset();
        });
        if (duplicate) {
            m_diagnostics.report(ProblemKind::DuplicateSegment, path, lineNumber,
                                 "a second row for segment " + std::string(row.ytid) + " at " +
                                     formatMsAsSeconds(row.startMs) + "; the first is kept");
            ++summary.skippedRows;
            continue;
        }

        const std::vector<int> &labels = resolver.resolve(row.labels, lineNumber);
        const bool rerated = m_rerated.count(std::string(row.ytid)) > 0;
        insert.bind(1, static_cast<int64_t>(nextId))
            .bind(2, splitValue)
            .bind(3, row.ytid)
            .bind(4, row.startMs)
            .bind(5, row.endMs)
            .bind(6, rerated ? 1 : 0)
            .bind(7, row.labels);
        insert.run();
        keys.insert(row.ytid, nextId);
        statistics.addSegment(nextId, rerated, labels);
        summary.distinctYtids += knownYtid ? 0 : 1;
        summary.reratedSegments += rerated;
        ++summary.segmentCount;
        ++nextId;
    }
    if (!reader.error().empty())
        m_diagnostics.report(ProblemKind::TruncatedInput, path, reader.lineNumber() + 1,
                             reader.error() + "; the rows before were kept");
    if (!sawStatistics)
        m_diagnostics.report(ProblemKind::BadHeader, path, 0,
                             "no '# num_ytids=..., num_segs=...' header line; the header check "
                             "is skipped");
    return onProgress(reader.fileOffset());
}

} // namespace audioset

#include "catalog.h"
#include "segmentsorter.h"

#include "schema.h"
#include "sqlitedb.h"

#include <unistd.h>

namespace audioset {

namespace {

const char *const kSummaryColumns =
    "SELECT c.id, c.mid, c.name, c.label_index, c.abstract, c.blacklisted, c.in_ontology, "
    "q.rated, q.true_count FROM classes c LEFT JOIN quality q ON q.class_id = c.id ";

void readSummary(const Statement &row, ClassSummary &summary) {
    summary.id = static_cast<int>(row.columnInt(0));
    summary.mid = row.columnString(1);
    summary.name = row.columnString(2);
    if (!row.columnIsNull(3)) summary.labelIndex = static_cast<int>(row.columnInt(3));
    summary.abstract = row.columnInt(4) != 0;
    summary.blacklisted = row.columnInt(5) != 0;
    summary.inOntology = row.columnInt(6) != 0;
    if (!row.columnIsNull(7))
        summary.quality = QualityAssessment{row.columnInt(7), row.columnInt(8)};
}

std::vector<std::string> splitLines(std::string_view text) {
    std::vector<std::string> lines;
    size_t start = 0;
    while (start < text.size()) {
        const size_t end = text.find('\n', start);
        lines.emplace_back(text.substr(start, end == text.npos ? text.npos : end - start));
        if (end == text.npos) break;
        start = end + 1;
    }
    return lines;
}

std::string likePattern(std::string_view search) {
    std::string pattern = "%";
    for (char c : search) {
        if (c == '%' || c == '_' || c == '\\') pattern += '\\';
        pattern += c;
    }
    return pattern + '%';
}

void addMismatch(IndexStats &stats, Split split, const std::string &path, const char *field,
                 const Statement &row, int headerColumn, int64_t actual) {
    if (row.columnIsNull(headerColumn) || row.columnInt(headerColumn) == actual) return;
    stats.headerMismatches.push_back({split, path, field, row.columnInt(headerColumn), actual});
}

// What every query needs; the embedding tables are optional (an index without features).
const char *const kRequiredTables[] = {"meta",         "classes",        "class_edges",
                                       "class_counts", "class_postings", "cooccurrence",
                                       "quality",      "segments",       "split_files"};

// Read-write where the file allows it, so that SQLite can roll back the journal of an indexing
// run that was killed; the connection itself never writes (query_only).
std::unique_ptr<Database> openForReading(const std::string &path) {
    std::unique_ptr<Database> db;
    if (::access(path.c_str(), W_OK) == 0)
        db = std::make_unique<Database>(path, Database::Mode::ReadWrite);
    else
        db = std::make_unique<Database>(path, Database::Mode::ReadOnly);
    db->exec("PRAGMA query_only = 1");
    // Reading through a memory map saves copying every page (frames for an export are GBs).
    db->exec("PRAGMA mmap_size = 17179869184");
    return db;
}

} // namespace

Catalog::Catalog(std::unique_ptr<Database> db)
    : m_db(std::move(db))
    , m_pairsAsBlobs(m_db->queryInt("SELECT count(*) FROM pragma_table_info('cooccurrence') "
                                    "WHERE name = 'pairs'") > 0) {}

Catalog::~Catalog() = default;

std::unique_ptr<Catalog> Catalog::open(const std::string &path, std::string &error) {
    if (::access(path.c_str(), R_OK) != 0) {
        error =
            path + ": no such index (create one with: audioset index DATA_DIR --db " + path + ")";
        return nullptr;
    }
    const std::string unusable = path + " is not a usable AudioSet index: ";
    try {
        auto db = openForReading(path);
        if (auto problem = schemaProblem(*db)) {
            error = unusable + *problem;
            return nullptr;
        }
        if (auto problem = outdatedIndexProblem(*db)) {
            error = *problem;
            return nullptr;
        }
        if (!db->tableExists("segments") && !db->tableExists("classes")) {
            error = path + " holds no index yet (run: audioset index DATA_DIR --db " + path + ")";
            return nullptr;
        }
        for (const char *table : kRequiredTables)
            if (!db->tableExists(table)) {
                error = unusable + "its table '" + table +
                        "' is missing; index the release again with: audioset index DATA_DIR "
                        "--db " +
                        path + " --force";
                return nullptr;
            }
        return std::unique_ptr<Catalog>(new Catalog(std::move(db)));
    } catch (const SqliteError &e) {
        error = unusable + e.what();
        return nullptr;
    }
}

IndexStats Catalog::stats() {
    IndexStats stats;
    Statement files = m_db->prepare(
        "SELECT split, path, segment_count, rows_positive_labels, rerated_segments, skipped_rows, "
        "rows_ytids, rows_unique_labels, header_ytids, header_segs, header_unique_labels, "
        "header_positive_labels FROM split_files ORDER BY split");
    while (files.step()) {
        const auto split = static_cast<Split>(files.columnInt(0));
        const int i = splitIndex(split);
        const std::string path = files.columnString(1);
        stats.segments[i] = files.columnInt(2);
        stats.positiveLabels[i] = files.columnInt(3);
        stats.reratedSegments[i] = files.columnInt(4);
        stats.skippedRows[i] = files.columnInt(5);
        addMismatch(stats, split, path, "num_ytids", files, 8, files.columnInt(6));
        addMismatch(stats, split, path, "num_segs", files, 9, files.columnInt(2));
        addMismatch(stats, split, path, "num_unique_labels", files, 10, files.columnInt(7));
        addMismatch(stats, split, path, "num_positive_labels", files, 11, files.columnInt(3));
    }
    stats.classes = m_db->queryInt("SELECT count(*) FROM classes WHERE in_ontology");
    stats.labelClasses =
        m_db->queryInt("SELECT count(*) FROM classes WHERE label_index IS NOT NULL");
    stats.unknownClasses = m_db->queryInt(
        "SELECT count(*) FROM classes WHERE NOT in_ontology AND label_index IS NULL");
    stats.synthetic = m_db->queryInt("SELECT value = '1' FROM meta WHERE key = 'synthetic'") != 0;
    if (m_db->tableExists("embedding_summary")) {
        EmbeddingStats embeddings;
        bool any = false;
        Statement summary = m_db->prepare(
            "SELECT split, records, linked, orphans, label_disagreements FROM embedding_summary");
        while (summary.step()) {
            any = true;
            const auto i = static_cast<size_t>(summary.columnInt(0)) % kSplitCount;
            embeddings.records[i] = summary.columnInt(1);
            embeddings.linked[i] = summary.columnInt(2);
            embeddings.orphans[i] = summary.columnInt(3);
            embeddings.labelDisagreements[i] = summary.columnInt(4);
        }
        if (any) stats.embeddings = embeddings;
    }
    return stats;
}

void Catalog::fillCounts(std::vector<ClassSummary> &classes) {
    std::vector<ClassSummary *> byId;
    for (ClassSummary &summary : classes) {
        if (static_cast<size_t>(summary.id) >= byId.size())
            byId.resize(static_cast<size_t>(summary.id) + 1, nullptr);
        byId[static_cast<size_t>(summary.id)] = &summary;
    }
    Statement counts = m_db->prepare("SELECT class_id, split, direct, rollup, exclusive, "
                                     "rerated_direct, rerated_rollup FROM class_counts");
    while (counts.step()) {
        const auto id = static_cast<size_t>(counts.columnInt(0));
        if (id >= byId.size() || !byId[id]) continue;
        SplitCounts &target =
            byId[id]->counts[static_cast<size_t>(counts.columnInt(1)) % kSplitCount];
        target = {counts.columnInt(2), counts.columnInt(3), counts.columnInt(4),
                  counts.columnInt(5), counts.columnInt(6)};
    }
}

std::vector<ClassSummary> Catalog::classes(std::string_view search) {
    std::vector<ClassSummary> result;
    const bool filtered = !search.empty();
    Statement query = m_db->prepare(
        std::string(kSummaryColumns) +
        (filtered ? "WHERE c.name LIKE ?1 ESCAPE '\\' OR c.mid LIKE ?1 ESCAPE '\\' " : "") +
        "ORDER BY c.id");
    if (filtered) query.bind(1, likePattern(search));
    while (query.step()) {
        ClassSummary summary;
        readSummary(query, summary);
        result.push_back(std::move(summary));
    }
    fillCounts(result);
    return result;
}

std::optional<int> Catalog::classIdOf(std::string_view mid) {
    Statement query = m_db->prepare("SELECT id FROM classes WHERE mid = ?");
    query.bind(1, mid);
    if (!query.step()) return std::nullopt;
    return static_cast<int>(query.columnInt(0));
}

std::optional<ClassInfo> Catalog::classInfo(std::string_view mid) {
    Statement query = m_db->prepare(std::string(kSummaryColumns) + "WHERE c.mid = ?");
    query.bind(1, mid);
    if (!query.step()) return std::nullopt;
    ClassInfo info;
    readSummary(query, info);

    Statement details = m_db->prepare(
        "SELECT description, citation_uri, positive_examples FROM classes WHERE id = ?");
    details.bind(1, info.id);
    if (details.step()) {
        info.description = details.columnString(0);
        info.citationUri = details.columnString(1);
        info.positiveExamples = splitLines(details.columnText(2));
    }
    Statement parents = m_db->prepare("SELECT c.mid FROM class_edges e JOIN classes c ON "
                                      "c.id = e.parent_id WHERE e.child_id = ? ORDER BY c.id");
    parents.bind(1, info.id);
    while (parents.step())
        info.parents.push_back(parents.columnString(0));
    Statement children =
        m_db->prepare("SELECT c.mid FROM class_edges e JOIN classes c ON "
                      "c.id = e.child_id WHERE e.parent_id = ? ORDER BY e.position");
    children.bind(1, info.id);
    while (children.step())
        info.children.push_back(children.columnString(0));

    Statement counts = m_db->prepare("SELECT split, direct, rollup, exclusive, rerated_direct, "
                                     "rerated_rollup FROM class_counts WHERE class_id = ?");
    counts.bind(1, info.id);
    while (counts.step())
        info.counts[static_cast<size_t>(counts.columnInt(0)) % kSplitCount] = {
            counts.columnInt(1), counts.columnInt(2), counts.columnInt(3), counts.columnInt(4),
            counts.columnInt(5)};
    return info;
}

std::vector<ClassEdge> Catalog::classEdges() {
    std::vector<ClassEdge> edges;
    Statement query =
        m_db->prepare("SELECT parent_id, child_id FROM class_edges ORDER BY parent_id, position");
    while (query.step())
        edges.push_back(
            {static_cast<int>(query.columnInt(0)), static_cast<int>(query.columnInt(1))});
    return edges;
}

} // namespace audioset

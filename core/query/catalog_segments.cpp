#include "catalog.h"
#include "littleendian.h"

#include "postinglist.h"
#include "segmentsorter.h"
#include "sqlitedb.h"

#include <sqlite3.h>
#include <stdexcept>

namespace audioset {

namespace {

SegmentRow readRow(const Statement &row) {
    SegmentRow segment;
    segment.id = row.columnInt(0);
    segment.split = static_cast<Split>(row.columnInt(1));
    segment.ytid = row.columnString(2);
    segment.startMs = row.columnInt(3);
    segment.endMs = row.columnInt(4);
    segment.rerated = row.columnInt(5) != 0;
    segment.hasEmbedding = row.columnInt(7) != 0;
    const std::string_view labels = row.columnText(6);
    size_t start = 0;
    while (start <= labels.size()) {
        const size_t comma = labels.find(',', start);
        segment.labels.emplace_back(
            labels.substr(start, comma == labels.npos ? labels.npos : comma - start));
        if (comma == labels.npos) break;
        start = comma + 1;
    }
    return segment;
}

// Binds ?1 and ?2 of Catalog::splitFilterWhere.
void bindSplitFilters(Statement &statement, const SegmentQuery &query) {
    statement.bind(1, query.rerated ? (*query.rerated ? 1 : 0) : -1)
        .bind(2, query.split ? splitIndex(*query.split) : -1);
}

std::vector<Split> splitsOf(const SegmentQuery &query) {
    if (query.split) return {*query.split};
    return {kAllSplits.begin(), kAllSplits.end()};
}

// Takes `limit` items starting at `offset` of a sequence made of parts of the given sizes,
// calling take(part, from, count) for each piece.
template <typename Take>
void pageAcross(const std::vector<int64_t> &sizes, int64_t offset, int64_t limit, Take &&take) {
    for (size_t part = 0; part < sizes.size() && limit > 0; ++part) {
        if (offset >= sizes[part]) {
            offset -= sizes[part];
            continue;
        }
        const int64_t count = std::min(limit, sizes[part] - offset);
        take(part, offset, count);
        limit -= count;
        offset = 0;
    }
}

} // namespace

std::vector<uint32_t> Catalog::postings(int classId, Split split, bool rollup, int64_t from,
                                        int64_t count) {
    // A class whose rollup equals its direct list has only the direct row.
    Statement find = m_db->prepare("SELECT id, count FROM class_postings WHERE class_id=? AND "
                                   "split=? AND rollup<=? ORDER BY rollup DESC LIMIT 1");
    find.bind(1, classId).bind(2, splitIndex(split)).bind(3, rollup ? 1 : 0);
    std::vector<uint32_t> ids;
    if (!find.step()) return ids;
    const int64_t rowId = find.columnInt(0);
    const int64_t total = find.columnInt(1);
    if (from >= total || count <= 0) return ids;
    count = std::min(count, total - from);

    // Incremental blob I/O reads just the window, not a million-entry blob.
    sqlite3_blob *blob = nullptr;
    if (sqlite3_blob_open(m_db->handle(), "main", "class_postings", "segment_ids", rowId, 0,
                          &blob) != SQLITE_OK)
        throw SqliteError(sqlite3_errmsg(m_db->handle()));
    std::vector<unsigned char> bytes(static_cast<size_t>(count) * posting::kBytes);
    const int rc =
        sqlite3_blob_read(blob, bytes.data(), static_cast<int>(bytes.size()),
                          static_cast<int>(from * static_cast<int64_t>(posting::kBytes)));
    sqlite3_blob_close(blob);
    if (rc != SQLITE_OK)
        throw SqliteError("cannot read postings: " + std::string(sqlite3_errstr(rc)));
    posting::decode(bytes.data(), static_cast<size_t>(count), ids);
    return ids;
}

// One of four ways, by what the query asks: a class's postings paged directly, or filtered by
// the rerated flag; a split's row range paged directly, or filtered by the rerated column.
SegmentPage Catalog::segments(const SegmentQuery &query) {
    const int64_t offset = std::max<int64_t>(0, query.offset);
    const int64_t limit = std::max<int64_t>(0, query.limit);
    const std::vector<Split> splits = splitsOf(query);
    SegmentPage page = pageOf(query, splits, offset, limit);
    const std::vector<uint32_t> &audio = segmentsWithAudio();
    for (SegmentRow &row : page.rows)
        row.hasAudio = std::binary_search(audio.begin(), audio.end(), uint32_t(row.id));
    return page;
}

SegmentPage Catalog::pageOf(const SegmentQuery &query, const std::vector<Split> &splits,
                            int64_t offset, int64_t limit) {
    if (query.sort != SegmentSort::Natural || query.descending)
        return sortedSegments(query, offset, limit);
    const bool filtered = query.rerated || query.withEmbedding || query.withAudio;
    if (query.classMid) {
        const auto classId = classIdOf(*query.classMid);
        if (!classId) throw std::invalid_argument("unknown class id: " + *query.classMid);
        return filtered ? classSegmentsFiltered(*classId, splits, query, offset, limit)
                        : classSegments(*classId, splits, query.rollup, offset, limit);
    }
    return filtered ? splitSegmentsFiltered(query, offset, limit)
                    : splitSegments(splits, offset, limit);
}

std::string Catalog::segmentColumns() {
    const bool links = m_db->tableExists("segment_embeddings");
    return std::string("SELECT id, split, ytid, start_ms, end_ms, rerated, labels, ") +
           (links ? "EXISTS(SELECT 1 FROM segment_embeddings e WHERE e.segment_id = segments.id)"
                  : "0") +
           " FROM segments ";
}

void Catalog::appendSegment(Statement &byId, uint32_t id, std::vector<SegmentRow> &rows) {
    byId.bind(1, static_cast<int64_t>(id));
    if (byId.step()) rows.push_back(readRow(byId));
    byId.reset();
}

SegmentPage Catalog::classSegments(int classId, const std::vector<Split> &splits, bool rollup,
                                   int64_t offset, int64_t limit) {
    SegmentPage page;
    std::vector<int64_t> sizes;
    Statement count = m_db->prepare("SELECT count FROM class_postings WHERE class_id=? AND "
                                    "split=? AND rollup<=? ORDER BY rollup DESC LIMIT 1");
    for (Split split : splits) {
        count.bind(1, classId).bind(2, splitIndex(split)).bind(3, rollup ? 1 : 0);
        sizes.push_back(count.step() ? count.columnInt(0) : 0);
        count.reset();
        page.total += sizes.back();
    }
    Statement byId = m_db->prepare(segmentColumns() + "WHERE id = ?");
    pageAcross(sizes, offset, limit, [&](size_t part, int64_t from, int64_t n) {
        for (uint32_t entry : postings(classId, splits[part], rollup, from, n))
            appendSegment(byId, posting::segmentOf(entry), page.rows);
    });
    return page;
}

// The rerated and embedding filters over a class's postings: every matching entry is
// collected, then the page is cut from them.
SegmentPage Catalog::classSegmentsFiltered(int classId, const std::vector<Split> &splits,
                                           const SegmentQuery &query, int64_t offset,
                                           int64_t limit) {
    SegmentPage page;
    const std::vector<uint32_t> matching = classMatches(classId, splits, query);
    page.total = static_cast<int64_t>(matching.size());
    Statement byId = m_db->prepare(segmentColumns() + "WHERE id = ?");
    for (int64_t i = offset; i < page.total && i < offset + limit; ++i)
        appendSegment(byId, matching[static_cast<size_t>(i)], page.rows);
    return page;
}

SegmentPage Catalog::splitSegments(const std::vector<Split> &splits, int64_t offset,
                                   int64_t limit) {
    SegmentPage page;
    std::vector<int64_t> firstIds, sizes;
    Statement file =
        m_db->prepare("SELECT first_segment_id, segment_count FROM split_files WHERE split=?");
    for (Split split : splits) {
        file.bind(1, splitIndex(split));
        const bool present = file.step();
        firstIds.push_back(present ? file.columnInt(0) : 0);
        sizes.push_back(present ? file.columnInt(1) : 0);
        file.reset();
        page.total += sizes.back();
    }
    Statement range = m_db->prepare(segmentColumns() + "WHERE id >= ? AND id < ? ORDER BY id");
    pageAcross(sizes, offset, limit, [&](size_t part, int64_t from, int64_t count) {
        range.bind(1, firstIds[part] + from).bind(2, firstIds[part] + from + count);
        while (range.step())
            page.rows.push_back(readRow(range));
        range.reset();
    });
    return page;
}

std::vector<uint32_t> Catalog::classMatches(int classId, const std::vector<Split> &splits,
                                            const SegmentQuery &query) {
    static const std::vector<uint32_t> kNone;
    const std::vector<uint32_t> &embedded = query.withEmbedding ? segmentsWithEmbeddings() : kNone;
    const std::vector<uint32_t> &audio = query.withAudio ? segmentsWithAudio() : kNone;
    const auto keeps = [](const std::optional<bool> &wanted, const std::vector<uint32_t> &set,
                          uint32_t segment) {
        return !wanted || std::binary_search(set.begin(), set.end(), segment) == *wanted;
    };
    std::vector<uint32_t> matching;
    for (Split split : splits)
        for (uint32_t entry : postings(classId, split, query.rollup, 0, INT32_MAX)) {
            const uint32_t segment = posting::segmentOf(entry);
            if (query.rerated && posting::isRerated(entry) != *query.rerated) continue;
            if (!keeps(query.withEmbedding, embedded, segment) ||
                !keeps(query.withAudio, audio, segment))
                continue;
            matching.push_back(segment);
        }
    return matching;
}

// "WHERE ..." for the split, rerated and embedding filters, with ?1 and ?2 bound by
// bindSplitFilters.
std::string Catalog::splitFilterWhere(const SegmentQuery &query) {
    const bool links = m_db->tableExists("segment_embeddings");
    // Without embeddings indexed, no segment has one.
    const std::string embedding =
        !query.withEmbedding
            ? "1"
            : (links ? std::string(*query.withEmbedding ? "" : "NOT ") +
                           "EXISTS(SELECT 1 FROM segment_embeddings e WHERE e.segment_id = "
                           "segments.id)"
                     : std::string(*query.withEmbedding ? "0" : "1"));
    std::string audio = "1";
    if (query.withAudio)
        audio = !m_db->tableExists("audio_files")
                    ? std::string(*query.withAudio ? "0" : "1")
                    : std::string(*query.withAudio ? "" : "NOT ") +
                          "EXISTS(SELECT 1 FROM audio_files a WHERE a.segment_id = segments.id "
                          "AND a.ytid = segments.ytid AND a.start_ms = segments.start_ms)";
    return "WHERE (?1 < 0 OR rerated = ?1) AND (?2 < 0 OR split = ?2) AND " + embedding + " AND " +
           audio + " ";
}

SegmentPage Catalog::splitSegmentsFiltered(const SegmentQuery &query, int64_t offset,
                                           int64_t limit) {
    SegmentPage page;
    const std::string where = splitFilterWhere(query);
    Statement count = m_db->prepare("SELECT count(*) FROM segments " + where);
    bindSplitFilters(count, query);
    page.total = count.step() ? count.columnInt(0) : 0;
    Statement filtered = m_db->prepare(segmentColumns() + where + "ORDER BY id LIMIT ?3 OFFSET ?4");
    bindSplitFilters(filtered, query);
    filtered.bind(3, limit).bind(4, offset);
    while (filtered.step())
        page.rows.push_back(readRow(filtered));
    return page;
}

std::vector<uint32_t> Catalog::matchingSegments(const SegmentQuery &query) {
    if (query.classMid) {
        const auto classId = classIdOf(*query.classMid);
        if (!classId) throw std::invalid_argument("unknown class id: " + *query.classMid);
        return classMatches(*classId, splitsOf(query), query);
    }
    std::vector<uint32_t> matching;
    Statement ids = m_db->prepare("SELECT id FROM segments " + splitFilterWhere(query));
    bindSplitFilters(ids, query);
    while (ids.step())
        matching.push_back(static_cast<uint32_t>(ids.columnInt(0)));
    return matching;
}

SegmentPage Catalog::sortedSegments(const SegmentQuery &query, int64_t offset, int64_t limit) {
    if (!m_sorter) m_sorter = std::make_unique<SegmentSorter>(*m_db);
    const auto flag = [](const auto &value) {
        return value ? std::string(*value ? "1" : "0") : std::string("-");
    };
    const std::string listing =
        query.classMid.value_or("") + '|' + (query.rollup ? "r" : "d") + '|' +
        (query.split ? std::to_string(splitIndex(*query.split)) : "*") + '|' + flag(query.rerated) +
        flag(query.withEmbedding) + flag(query.withAudio) + '|' +
        std::to_string(static_cast<int>(query.sort)) + (query.descending ? "v" : "^");
    static const std::vector<uint32_t> kNone;
    const std::vector<uint32_t> &sorted =
        m_sorter->sorted(listing, matchingSegments(query), query.sort, query.descending,
                         query.sort == SegmentSort::Embedding ? segmentsWithEmbeddings()
                         : query.sort == SegmentSort::Audio   ? segmentsWithAudio()
                                                              : kNone);
    SegmentPage page;
    page.total = static_cast<int64_t>(sorted.size());
    Statement byId = m_db->prepare(segmentColumns() + "WHERE id = ?");
    for (int64_t i = offset; i < page.total && i < offset + limit; ++i)
        appendSegment(byId, sorted[static_cast<size_t>(i)], page.rows);
    return page;
}

} // namespace audioset

namespace audioset {

// The lowest row in [first, first + count) whose ytid is not below `ytid`.
std::optional<int64_t> Catalog::findInSortedSplit(std::string_view ytid, int64_t first,
                                                  int64_t count) {
    Statement ytidOf = m_db->prepare("SELECT ytid FROM segments WHERE id = ?");
    int64_t low = first, high = first + count;
    while (low < high) {
        const int64_t middle = low + (high - low) / 2;
        ytidOf.bind(1, middle);
        const bool below = ytidOf.step() && ytidOf.columnText(0) < ytid;
        ytidOf.reset();
        if (below)
            low = middle + 1;
        else
            high = middle;
    }
    return low < first + count ? std::optional<int64_t>(low) : std::nullopt;
}

std::vector<SegmentRow> Catalog::segmentsOfVideo(std::string_view ytid) {
    std::vector<SegmentRow> rows;
    const bool indexed =
        m_db->queryInt("SELECT count(*) FROM sqlite_master WHERE name = 'segments_by_ytid'") > 0;
    if (indexed) {
        Statement query = m_db->prepare(segmentColumns() + "WHERE ytid = ? ORDER BY id");
        query.bind(1, ytid);
        while (query.step())
            rows.push_back(readRow(query));
        return rows;
    }
    Statement files = m_db->prepare("SELECT first_segment_id, segment_count FROM split_files "
                                    "ORDER BY split");
    Statement byId = m_db->prepare(segmentColumns() + "WHERE id = ?");
    while (files.step()) {
        const int64_t first = files.columnInt(0), count = files.columnInt(1);
        auto row = findInSortedSplit(ytid, first, count);
        for (int64_t id = row.value_or(first + count); id < first + count; ++id) {
            byId.bind(1, id);
            const bool match = byId.step() && byId.columnText(2) == ytid;
            if (match) rows.push_back(readRow(byId));
            byId.reset();
            if (!match) break;
        }
    }
    return rows;
}

} // namespace audioset

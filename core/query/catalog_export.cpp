#include "catalog.h"
#include "segmentsorter.h"

#include "audiosetrecord.h"
#include "releaseencoding.h"
#include "schema.h"
#include "sqlitedb.h"

#include <algorithm>
#include <climits>

namespace audioset {

namespace {
// Runs `range` (taking a first and a last id, yielding rows ordered by id in column 0) over
// windows of `sortedIds` whose id span is at most about four times their size, so a dense
// selection costs a scan, and calls `onRow` for each selected row; stops when it returns false.
void scanSelected(Statement &range, const std::vector<uint32_t> &sortedIds,
                  const std::function<bool(uint32_t id)> &onRow) {
    size_t next = 0;
    while (next < sortedIds.size()) {
        size_t end = next + 1;
        while (end < sortedIds.size() && end - next < 65536 &&
               sortedIds[end] - sortedIds[next] < 4 * (end - next + 1) + 64)
            ++end;
        range.bind(1, static_cast<int64_t>(sortedIds[next]))
            .bind(2, static_cast<int64_t>(sortedIds[end - 1]));
        size_t wanted = next;
        while (range.step()) {
            const auto id = static_cast<uint32_t>(range.columnInt(0));
            while (wanted < end && sortedIds[wanted] < id)
                ++wanted; // an id the index does not have
            if (wanted == end) break;
            if (sortedIds[wanted] != id) continue;
            ++wanted;
            if (!onRow(id)) {
                range.reset();
                return;
            }
        }
        range.reset();
        next = end;
    }
}
} // namespace

std::vector<int> Catalog::descendantsOrSelf(int classId) {
    std::vector<int> found{classId};
    Statement children = m_db->prepare("SELECT child_id FROM class_edges WHERE parent_id = ?");
    for (size_t i = 0; i < found.size(); ++i) {
        children.bind(1, found[i]);
        while (children.step()) {
            const int child = static_cast<int>(children.columnInt(0));
            if (std::find(found.begin(), found.end(), child) == found.end()) found.push_back(child);
        }
        children.reset();
    }
    return found;
}

std::vector<uint32_t> Catalog::directPostings(int classId, Split split) {
    return postings(classId, split, false, 0, INT32_MAX);
}

std::vector<uint32_t> Catalog::classPostings(int classId, Split split, bool rollup) {
    return postings(classId, split, rollup, 0, INT32_MAX);
}

const std::vector<uint32_t> &Catalog::segmentsWithEmbeddings() {
    if (m_segmentsWithEmbeddings) return *m_segmentsWithEmbeddings;
    std::vector<uint32_t> &ids = m_segmentsWithEmbeddings.emplace();
    if (!m_db->tableExists("segment_embeddings")) return ids;
    Statement query =
        m_db->prepare("SELECT segment_id FROM segment_embeddings ORDER BY segment_id");
    while (query.step())
        ids.push_back(static_cast<uint32_t>(query.columnInt(0)));
    return ids;
}

// The same check as the audio layer's: a match counts while its segment still has the ytid and
// start it was made for.
const std::vector<uint32_t> &Catalog::segmentsWithAudio() {
    if (m_segmentsWithAudio) return *m_segmentsWithAudio;
    std::vector<uint32_t> &ids = m_segmentsWithAudio.emplace();
    if (!m_db->tableExists("audio_files")) return ids;
    Statement query = m_db->prepare(std::string("SELECT DISTINCT a.segment_id") +
                                    kCurrentAudioFiles + "ORDER BY 1");
    while (query.step())
        ids.push_back(static_cast<uint32_t>(query.columnInt(0)));
    return ids;
}

std::vector<std::pair<uint32_t, std::string>>
Catalog::audioFilesOf(const std::vector<uint32_t> &sortedIds) {
    std::vector<std::pair<uint32_t, std::string>> files;
    if (!m_db->tableExists("audio_files")) return files;
    Statement query =
        m_db->prepare(std::string("SELECT a.segment_id, a.path") + kCurrentAudioFiles +
                      "ORDER BY a.segment_id, a.clip DESC, a.path");
    while (query.step()) {
        const auto id = static_cast<uint32_t>(query.columnInt(0));
        if ((files.empty() || files.back().first != id) &&
            std::binary_search(sortedIds.begin(), sortedIds.end(), id))
            files.emplace_back(id, query.columnString(1));
    }
    return files;
}

void Catalog::forgetAudio() {
    m_segmentsWithAudio.reset();
    m_sorter.reset(); // its listings and its audio keys came from the old matches
}

// Reads runs of consecutive ids with one range query each, so a dense selection costs a scan.
void Catalog::forEachSegment(const std::vector<uint32_t> &sortedIds,
                             const std::function<bool(const SegmentRow &)> &visit) {
    Statement range = m_db->prepare("SELECT id, split, ytid, start_ms, end_ms, rerated, labels "
                                    "FROM segments WHERE id >= ? AND id <= ? ORDER BY id");
    SegmentRow row;
    scanSelected(range, sortedIds, [&](uint32_t id) {
        row.id = id;
        row.split = static_cast<Split>(range.columnInt(1) % kSplitCount);
        row.ytid.assign(range.columnText(2));
        row.startMs = range.columnInt(3);
        row.endMs = range.columnInt(4);
        row.rerated = range.columnInt(5) != 0;
        row.labels.clear();
        const std::string_view labels = range.columnText(6);
        size_t start = 0;
        while (start <= labels.size()) {
            const size_t comma = std::min(labels.find(',', start), labels.size());
            row.labels.emplace_back(labels.substr(start, comma - start));
            start = comma + 1;
        }
        return visit(row);
    });
}

void Catalog::forEachRecord(const std::vector<uint32_t> &sortedIds,
                            const std::function<bool(const RecordView &)> &visit) {
    if (!m_db->tableExists("segment_embeddings")) return;
    Statement range = m_db->prepare(
        "SELECT l.segment_id, s.split, s.ytid, e.frames, e.layout, e.ytid, e.start_ms, e.end_ms, "
        "e.labels FROM segment_embeddings l JOIN segments s ON s.id = l.segment_id JOIN "
        "embeddings e ON e.id = l.embedding_id "
        "WHERE l.segment_id >= ? AND l.segment_id <= ? ORDER BY l.segment_id");
    std::string record;
    ReleaseRecordEncoder encoder;
    scanSelected(range, sortedIds, [&](uint32_t id) {
        const std::string_view frames(static_cast<const char *>(range.columnBlob(3)),
                                      range.columnBytes(3));
        const std::string_view layout(static_cast<const char *>(range.columnBlob(4)),
                                      range.columnBytes(4));
        auto rebuilt = rebuildStoredRecord(
            layout, frames,
            {range.columnText(5), range.columnInt(6), range.columnInt(7), range.columnText(8)},
            encoder);
        if (!rebuilt) return true;
        record = std::move(*rebuilt);
        RecordView view;
        view.segmentId = id;
        view.split = static_cast<Split>(range.columnInt(1) % kSplitCount);
        view.ytid = range.columnText(2);
        view.record = &record;
        view.frames = reinterpret_cast<const uint8_t *>(frames.data());
        view.frameCount = frames.size() / kEmbeddingDims;
        return visit(view);
    });
}

std::vector<Catalog::SourceFile> Catalog::sourceFiles() {
    std::vector<SourceFile> files;
    Statement query =
        m_db->prepare("SELECT stage, role, path, size FROM inputs ORDER BY stage, role");
    while (query.step())
        files.push_back({query.columnString(0), query.columnString(1), query.columnString(2),
                         query.columnInt(3)});
    return files;
}

} // namespace audioset

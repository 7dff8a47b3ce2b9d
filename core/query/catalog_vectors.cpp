#include "catalog.h"

#include "audiosetrecord.h"
#include "bytehash.h"
#include "littleendian.h"
#include "schema.h"
#include "sqlitedb.h"

namespace audioset {

namespace {
// Where the vectors are: with the links (now), in segment_vectors (indexes written before),
// or only as frames (older still), summed here.
const char *vectorQuery(Database &db, bool &stored) {
    stored = true;
    if (!embeddingLinksLackVectors(db))
        return "SELECT l.segment_id, s.split, s.ytid, s.start_ms, l.frame_count, l.sums, "
               "l.frames_hash FROM segment_embeddings l JOIN segments s ON s.id = l.segment_id "
               "WHERE l.sums IS NOT NULL ORDER BY l.segment_id";
    if (db.tableExists("segment_vectors"))
        return "SELECT v.segment_id, s.split, s.ytid, s.start_ms, v.frame_count, v.sums, "
               "v.frames_hash FROM segment_vectors v JOIN segments s ON s.id = v.segment_id "
               "ORDER BY v.segment_id";
    stored = false;
    return "SELECT l.segment_id, s.split, s.ytid, s.start_ms, e.frames "
           "FROM segment_embeddings l JOIN segments s ON s.id = l.segment_id "
           "JOIN embeddings e ON e.id = l.embedding_id ORDER BY l.segment_id";
}
} // namespace

void Catalog::forEachSegmentVector(const std::function<bool(const SegmentVectorView &)> &visit) {
    if (!m_db->tableExists("segment_embeddings")) return;
    bool stored = false;
    Statement query = m_db->prepare(vectorQuery(*m_db, stored));
    uint32_t sums[kEmbeddingDims];
    SegmentVectorView view;
    view.sums = sums;
    while (query.step()) {
        view.segmentId = static_cast<uint32_t>(query.columnInt(0));
        view.split = static_cast<Split>(query.columnInt(1) % kSplitCount);
        view.ytid = query.columnText(2);
        view.startMs = query.columnInt(3);
        if (stored) {
            view.frameCount = static_cast<int>(query.columnInt(4));
            const auto *packed = static_cast<const unsigned char *>(query.columnBlob(5));
            if (query.columnBytes(5) != 2 * kEmbeddingDims) continue;
            for (size_t d = 0; d < kEmbeddingDims; ++d)
                sums[d] = readLe16(packed + 2 * d);
            view.framesHash = static_cast<uint64_t>(query.columnInt(6));
        } else {
            const std::string_view frames(static_cast<const char *>(query.columnBlob(4)),
                                          static_cast<size_t>(query.columnBytes(4)));
            const FrameSums frameSums = sumFrames(frames);
            std::copy(frameSums.begin(), frameSums.end(), sums);
            view.frameCount = static_cast<int>(frames.size() / kEmbeddingDims);
            view.framesHash = hashBytes(frames);
        }
        if (!visit(view)) return;
    }
}

// From the summary where there is one: counting the links would read every vector too.
int64_t Catalog::segmentsWithEmbeddingCount() {
    if (!m_db->tableExists("segment_embeddings")) return 0;
    if (m_db->tableExists("embedding_summary"))
        return m_db->queryInt("SELECT coalesce(sum(linked), 0) FROM embedding_summary");
    return m_db->queryInt("SELECT count(*) FROM segment_embeddings");
}

const std::string &Catalog::path() const {
    return m_db->path();
}

} // namespace audioset

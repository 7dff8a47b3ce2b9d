#include "catalog.h"
#include "littleendian.h"

#include "audiosetrecord.h"
#include "releaseencoding.h"
#include "sqlitedb.h"

#include <cstring>

namespace audioset {

std::vector<float> SegmentEmbedding::dequantized() const {
    std::vector<float> values(frames.size());
    for (size_t i = 0; i < frames.size(); ++i)
        values[i] = dequantize(frames[i]);
    return values;
}

std::optional<SegmentEmbedding> Catalog::embedding(int64_t segmentId) {
    if (!m_db->tableExists("segment_embeddings")) return std::nullopt;
    Statement query = m_db->prepare(
        "SELECT l.embedding_id, l.labels_agree, e.start_ms, e.end_ms, e.frame_count, e.frames "
        "FROM segment_embeddings l JOIN embeddings e ON e.id = l.embedding_id "
        "WHERE l.segment_id = ?");
    query.bind(1, segmentId);
    if (!query.step()) return std::nullopt;
    SegmentEmbedding embedding;
    embedding.segmentId = segmentId;
    embedding.embeddingId = query.columnInt(0);
    embedding.labelsAgree = query.columnInt(1) != 0;
    embedding.recordStartMs = query.columnInt(2);
    embedding.recordEndMs = query.columnInt(3);
    const auto *frames = static_cast<const uint8_t *>(query.columnBlob(5));
    embedding.frames.assign(frames, frames + query.columnBytes(5));
    embedding.frameCount = embedding.frames.size() / kEmbeddingDims;
    return embedding;
}

std::optional<ClassMeanFrame> Catalog::classMeanFrame(std::string_view mid, Split split,
                                                      bool rollup) {
    const auto classId = classIdOf(mid);
    if (!classId || !m_db->tableExists("class_embedding_means")) return std::nullopt;
    Statement query =
        m_db->prepare("SELECT segments, frames, mean_frame FROM class_embedding_means "
                      "WHERE class_id = ? AND split = ? AND rollup = ?");
    query.bind(1, *classId).bind(2, splitIndex(split)).bind(3, rollup ? 1 : 0);
    if (!query.step()) return std::nullopt;
    ClassMeanFrame mean;
    mean.segments = query.columnInt(0);
    mean.frames = query.columnInt(1);
    const auto *bytes = static_cast<const unsigned char *>(query.columnBlob(2));
    const size_t values = query.columnBytes(2) / 4;
    mean.mean.resize(values);
    for (size_t i = 0; i < values; ++i)
        mean.mean[i] = readLeFloat(bytes + 4 * i);
    return mean;
}

std::optional<std::string> Catalog::originalRecord(int64_t segmentId) {
    if (!m_db->tableExists("segment_embeddings")) return std::nullopt;
    Statement query = m_db->prepare(
        "SELECT e.frames, e.layout, e.ytid, e.start_ms, e.end_ms, e.labels FROM segment_embeddings "
        "l JOIN embeddings e ON e.id = l.embedding_id WHERE l.segment_id = ?");
    query.bind(1, segmentId);
    if (!query.step()) return std::nullopt;
    ReleaseRecordEncoder encoder;
    const std::string_view frames(static_cast<const char *>(query.columnBlob(0)),
                                  query.columnBytes(0));
    const std::string_view layout(static_cast<const char *>(query.columnBlob(1)),
                                  query.columnBytes(1));
    return rebuildStoredRecord(
        layout, frames,
        {query.columnText(2), query.columnInt(3), query.columnInt(4), query.columnText(5)},
        encoder);
}

void Catalog::forEachEmbedding(
    const std::function<bool(int64_t, Split, const uint8_t *, size_t)> &visit) {
    if (!m_db->tableExists("segment_embeddings")) return;
    Statement query =
        m_db->prepare("SELECT l.segment_id, e.split, e.frames FROM segment_embeddings l "
                      "JOIN embeddings e ON e.id = l.embedding_id ORDER BY l.segment_id");
    while (query.step()) {
        const auto *frames = static_cast<const uint8_t *>(query.columnBlob(2));
        if (!visit(query.columnInt(0), static_cast<Split>(query.columnInt(1) % kSplitCount), frames,
                   query.columnBytes(2) / kEmbeddingDims))
            return;
    }
}

} // namespace audioset

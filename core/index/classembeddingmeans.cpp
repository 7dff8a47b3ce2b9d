#include "classembeddingmeans.h"

#include "littleendian.h"
#include "sqlitedb.h"

#include <string>

namespace audioset {

namespace {
// Restrict: otherwise the compiler must assume the two overlap and adds one at a time. Run
// ~15 times per record (each class of its segment and their ancestors): with AVX-512 or AVX2
// where the CPU has them, four or two times the lanes of the baseline's SSE2.
__attribute__((target_clones("avx512f", "avx2", "default"))) void
addDimensions(uint32_t *__restrict into, const uint32_t *__restrict from) {
    for (size_t d = 0; d < kEmbeddingDims; ++d)
        into[d] += from[d];
}
} // namespace

FrameSumTable::FrameSumTable(size_t slots)
    : m_partial(slots * kEmbeddingDims)
    , m_totals(slots * kEmbeddingDims)
    , m_counts(slots) {}

void FrameSumTable::add(size_t slot, const FrameSums &frameSums, size_t frameCount) {
    constexpr uint64_t kMaxPartialFrames = UINT32_MAX / 255; // each frame adds at most 255
    Counts &counts = m_counts[slot];
    uint32_t *partial = m_partial.data() + slot * kEmbeddingDims;
    if (counts.partialFrames + frameCount > kMaxPartialFrames) {
        uint64_t *totals = m_totals.data() + slot * kEmbeddingDims;
        for (size_t d = 0; d < kEmbeddingDims; ++d) {
            totals[d] += partial[d];
            partial[d] = 0;
        }
        counts.partialFrames = 0;
    }
    // Right after moving, a segment's own sums (uint32) always fit.
    counts.partialFrames += static_cast<uint32_t>(frameCount);
    addDimensions(partial, frameSums.data());
    ++counts.segments;
    counts.frames += static_cast<int64_t>(frameCount);
}

namespace {
ClassGraph readClassGraph(Database &db) {
    ClassGraph graph;
    const int64_t classCount = db.queryInt("SELECT coalesce(max(id), -1) + 1 FROM classes");
    for (int64_t i = 0; i < classCount; ++i) {
        ClassRecord record;
        record.mid = std::to_string(i);
        graph.add(std::move(record));
    }
    Statement edges = db.prepare("SELECT parent_id, child_id FROM class_edges");
    while (edges.step())
        graph.addEdge(static_cast<int>(edges.columnInt(0)), static_cast<int>(edges.columnInt(1)));
    graph.computeClosure();
    return graph;
}
} // namespace

ClassEmbeddingMeans::ClassEmbeddingMeans(Database &db)
    : m_graph(readClassGraph(db))
    , m_sums(m_graph.size() * kSplitCount * 2)
    , m_stamp(m_graph.size(), 0) {}

size_t ClassEmbeddingMeans::slot(int classId, Split split, bool rollup) const {
    return (static_cast<size_t>(splitIndex(split)) * m_graph.size() +
            static_cast<size_t>(classId)) *
               2 +
           (rollup ? 1 : 0);
}

void ClassEmbeddingMeans::add(Split split, const int *classes, size_t classCount,
                              const FrameSums &frameSums, size_t frameCount) {
    ++m_addCount;
    for (size_t i = 0; i < classCount; ++i) {
        if (classes[i] < 0 || static_cast<size_t>(classes[i]) >= m_graph.size()) continue;
        m_sums.add(slot(classes[i], split, false), frameSums, frameCount);
        for (int ancestor : m_graph.ancestorsOrSelf(classes[i])) {
            if (m_stamp[static_cast<size_t>(ancestor)] == m_addCount) continue;
            m_stamp[static_cast<size_t>(ancestor)] = m_addCount;
            m_sums.add(slot(ancestor, split, true), frameSums, frameCount);
        }
    }
}

void ClassEmbeddingMeans::write(Database &db) const {
    Statement insert = db.prepare("INSERT INTO class_embedding_means VALUES(?,?,?,?,?,?)");
    std::string blob;
    for (size_t classId = 0; classId < m_graph.size(); ++classId)
        for (Split split : kAllSplits)
            for (bool rollup : {false, true}) {
                const size_t s = slot(static_cast<int>(classId), split, rollup);
                if (m_sums.segments(s) == 0) continue;
                const double frames = static_cast<double>(m_sums.frames(s));
                blob.clear();
                for (size_t d = 0; d < kEmbeddingDims; ++d)
                    appendLeFloat(blob, frames > 0
                                            ? static_cast<float>(
                                                  static_cast<double>(m_sums.total(s, d)) / frames)
                                            : 0.0f);
                insert.bind(1, static_cast<int64_t>(classId))
                    .bind(2, splitIndex(split))
                    .bind(3, rollup ? 1 : 0)
                    .bind(4, m_sums.segments(s))
                    .bind(5, m_sums.frames(s))
                    .bindBlob(6, blob.data(), blob.size());
                insert.run();
            }
}

} // namespace audioset

#include "classembeddingmeans.h"

#include "littleendian.h"
#include "sqlitedb.h"

#include <array>
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

size_t ClassEmbeddingMeans::slot(int classId, Split split, Kind kind) const {
    return (static_cast<size_t>(splitIndex(split)) * m_graph.size() +
            static_cast<size_t>(classId)) *
               2 +
           static_cast<size_t>(kind);
}

void ClassEmbeddingMeans::add(Split split, const int *classes, size_t classCount,
                              const FrameSums &frameSums, size_t frameCount) {
    ++m_addCount;
    for (size_t i = 0; i < classCount; ++i) {
        if (classes[i] < 0 || static_cast<size_t>(classes[i]) >= m_graph.size()) continue;
        m_sums.add(slot(classes[i], split, Kind::Direct), frameSums, frameCount);
        for (int ancestor : m_graph.ancestorsOrSelf(classes[i])) {
            uint32_t &stamp = m_stamp[static_cast<size_t>(ancestor)];
            if (stamp == m_addCount) // reached again: counted once too often in the sum
                m_sums.add(slot(ancestor, split, Kind::OverCount), frameSums, frameCount);
            stamp = m_addCount;
        }
    }
}

namespace {
void addSlot(ClassMeanTotals &into, const FrameSumTable &table, size_t slot, int sign) {
    for (size_t d = 0; d < kEmbeddingDims; ++d)
        into.sums[d] += static_cast<uint64_t>(sign) * table.total(slot, d); // wraps back exactly
    into.frames += sign * table.frames(slot);
    into.segments += sign * table.segments(slot);
}
} // namespace

// Per split, each class's direct and rollup totals; the rollup sums the direct totals of the
// class and its descendants, less what a segment reaching an ancestor twice added twice.
std::vector<ClassEmbeddingMeans::SplitTotals> ClassEmbeddingMeans::totals() const {
    std::vector<SplitTotals> all(kSplitCount);
    for (Split split : kAllSplits) {
        SplitTotals &totals = all[static_cast<size_t>(splitIndex(split))];
        totals.direct.resize(m_graph.size());
        totals.rollup.resize(m_graph.size());
        for (size_t c = 0; c < m_graph.size(); ++c) {
            addSlot(totals.direct[c], m_sums, slot(static_cast<int>(c), split, Kind::Direct), 1);
            addSlot(totals.rollup[c], m_sums, slot(static_cast<int>(c), split, Kind::OverCount),
                    -1);
        }
        for (size_t c = 0; c < m_graph.size(); ++c) {
            const ClassMeanTotals &direct = totals.direct[c];
            if (direct.segments == 0) continue;
            for (int ancestor : m_graph.ancestorsOrSelf(static_cast<int>(c))) {
                ClassMeanTotals &into = totals.rollup[static_cast<size_t>(ancestor)];
                for (size_t d = 0; d < kEmbeddingDims; ++d)
                    into.sums[d] += direct.sums[d];
                into.frames += direct.frames;
                into.segments += direct.segments;
            }
        }
    }
    return all;
}

// In the table's key order (class, split, rollup): appended, the rows never send SQLite back
// for a page it has already written out.
void ClassEmbeddingMeans::write(Database &db) const {
    Statement insert = db.prepare("INSERT INTO class_embedding_means VALUES(?,?,?,?,?,?)");
    std::string blob;
    auto writeMean = [&](size_t classId, Split split, bool rollup, const ClassMeanTotals &totals) {
        if (totals.segments == 0) return;
        const double frames = static_cast<double>(totals.frames);
        blob.clear();
        for (size_t d = 0; d < kEmbeddingDims; ++d)
            appendLeFloat(
                blob, frames > 0 ? static_cast<float>(static_cast<double>(totals.sums[d]) / frames)
                                 : 0.0f);
        insert.bind(1, static_cast<int64_t>(classId))
            .bind(2, splitIndex(split))
            .bind(3, rollup ? 1 : 0)
            .bind(4, totals.segments)
            .bind(5, totals.frames)
            .bindBlob(6, blob.data(), blob.size());
        insert.run();
    };
    const std::vector<SplitTotals> all = totals();
    for (size_t c = 0; c < m_graph.size(); ++c)
        for (Split split : kAllSplits) {
            const SplitTotals &ofSplit = all[static_cast<size_t>(splitIndex(split))];
            writeMean(c, split, false, ofSplit.direct[c]);
            writeMean(c, split, true, ofSplit.rollup[c]);
        }
}

} // namespace audioset

#pragma once

#include "audiosetrecord.h"
#include "classgraph.h"
#include "split.h"

#include <array>
#include <cstdint>
#include <vector>

namespace audioset {

class Database;

/// Segments' frame sums added up per dimension, in numbered slots. They add in 32 bits, four
/// times as many per instruction as in 64, and move into 64-bit totals before they could
/// overflow. The 32-bit sums of all slots lie in one array, so the few hundred a run adds to
/// stay in cache instead of being scattered over the heap.
class FrameSumTable {
public:
    explicit FrameSumTable(size_t slots);

    void add(size_t slot, const FrameSums &frameSums, size_t frameCount);
    uint64_t total(size_t slot, size_t d) const {
        return m_totals[slot * kEmbeddingDims + d] + m_partial[slot * kEmbeddingDims + d];
    }
    int64_t frames(size_t slot) const { return m_counts[slot].frames; }
    int64_t segments(size_t slot) const { return m_counts[slot].segments; }
    size_t size() const { return m_counts.size(); }

private:
    struct Counts {
        uint32_t partialFrames = 0;
        int64_t frames = 0;
        int64_t segments = 0;
    };
    std::vector<uint32_t> m_partial; // slot x dimension
    std::vector<uint64_t> m_totals;  // slot x dimension, touched once per ~16 M frames
    std::vector<Counts> m_counts;
};

/// One class's frame sums, frames and segments in one split.
struct ClassMeanTotals {
    std::array<uint64_t, kEmbeddingDims> sums{};
    int64_t frames = 0;
    int64_t segments = 0;
};

/// Per class and split, the mean frame over all frames of the class's segments (direct, and
/// rollup: the class and its descendants, each segment once).
class ClassEmbeddingMeans {
public:
    explicit ClassEmbeddingMeans(Database &db);
    /// `sums` are the segment's frames summed per dimension; `classes` its labels as class ids.
    void add(Split split, const int *classes, size_t classCount, const FrameSums &sums,
             size_t frameCount);
    void write(Database &db) const;

private:
    // Per class and split, two slots: the segments labelled with the class (direct), and how
    // often a segment reached the class more than once from its labels (over-count). The
    // rollup is the sum of the direct slots of the class and its descendants less the
    // over-count: two adds per record where adding to every ancestor took ~15.
    enum class Kind { Direct = 0, OverCount = 1 };
    // A run indexes mostly one split: its slots, side by side, are together.
    size_t slot(int classId, Split split, Kind kind) const;
    struct SplitTotals {
        std::vector<ClassMeanTotals> direct, rollup; // by class id
    };
    std::vector<SplitTotals> totals() const; // by split index

    ClassGraph m_graph;
    FrameSumTable m_sums;
    std::vector<uint32_t> m_stamp; // the last add that reached each class
    uint32_t m_addCount = 0;
};

} // namespace audioset

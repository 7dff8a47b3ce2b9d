#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace audioset {

class ClassGraph;

/// Per-class totals of one split. "rollup" counts a segment once under a class however many of
/// its labels or DAG paths lead there; "exclusive" counts segments labelled with the class and
/// with none of its descendants.
struct ClassTotals {
    int64_t direct = 0;
    int64_t rollup = 0;
    int64_t exclusive = 0;
    int64_t reratedDirect = 0;
    int64_t reratedRollup = 0;
};

/// Accumulates, for one split, each class's postings (segment ids in file order, with the
/// rerated flag in the top bit), its totals, and how often two labels occur on one segment.
class LabelStatistics {
public:
    static constexpr uint32_t kReratedBit = 0x8000'0000u;

    explicit LabelStatistics(const ClassGraph &graph);

    /// `labels` are distinct class ids.
    void addSegment(uint32_t segmentId, bool rerated, const std::vector<int> &labels);

    size_t classCount() const { return m_totals.size(); }
    const ClassTotals &totals(int classId) const { return m_totals[static_cast<size_t>(classId)]; }
    const std::vector<uint32_t> &directPostings(int classId) const { return m_direct[classId]; }
    const std::vector<uint32_t> &rollupPostings(int classId) const { return m_rollup[classId]; }
    /// Segments carrying both labels (a != b).
    uint32_t pairCount(int a, int b) const;
    int64_t segmentCount() const { return m_segments; }
    int64_t positiveLabelCount() const { return m_positiveLabels; }

    /// Releases the postings of a class once written, keeping peak memory down.
    void releasePostings(int classId);

private:
    void growTo(size_t classCount);

    const ClassGraph &m_graph;
    std::vector<ClassTotals> m_totals;
    std::vector<std::vector<uint32_t>> m_direct;
    std::vector<std::vector<uint32_t>> m_rollup;
    std::vector<uint32_t> m_rollupStamp; // segment id + 1 that last reached the class
    std::vector<uint32_t> m_pairs;       // dense classCount x classCount
    size_t m_pairStride = 0;
    int64_t m_segments = 0;
    int64_t m_positiveLabels = 0;
};

} // namespace audioset

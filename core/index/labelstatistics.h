#pragma once

#include "splitcounts.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <unordered_map>
#include <vector>

namespace audioset {

class ClassGraph;

/// Accumulates, for one split, each class's postings (segment ids in file order, with the
/// rerated flag in the top bit), its totals, and how often two labels occur on one segment.
class LabelStatistics {
public:
    explicit LabelStatistics(const ClassGraph &graph);

    /// `labels` are distinct class ids.
    void addSegment(uint32_t segmentId, bool rerated, const std::vector<int> &labels);

    size_t classCount() const { return m_totals.size(); }
    const SplitCounts &totals(int classId) const { return m_totals[static_cast<size_t>(classId)]; }
    const std::vector<uint32_t> &directPostings(int classId) const { return m_direct[classId]; }
    const std::vector<uint32_t> &rollupPostings(int classId) const { return m_rollup[classId]; }
    /// Segments carrying both labels (0 when a == b).
    uint32_t pairCount(int a, int b) const;
    /// Every pair with a non-zero count, both ways round, as (a, b, count) and (b, a, count).
    void forEachPair(const std::function<void(int, int, uint32_t)> &visit) const;
    int64_t segmentCount() const { return m_segments; }
    int64_t positiveLabelCount() const { return m_positiveLabels; }

    /// Forgets every segment added, as if just constructed.
    void reset();
    /// Releases the postings of a class once written, keeping peak memory down.
    void releasePostings(int classId);

private:
    void growTo(size_t classCount);

    const ClassGraph &m_graph;
    std::vector<SplitCounts> m_totals;
    std::vector<std::vector<uint32_t>> m_direct;
    std::vector<std::vector<uint32_t>> m_rollup;
    std::vector<uint32_t> m_rollupStamp; // segment id + 1 that last reached the class
    // Each pair is kept as (smaller id, larger id). Pairs among the first classes (the
    // ontology's) in a dense matrix (its upper triangle), fixed at construction;
    // pairs that involve a class beyond it (unknown labels met while streaming, a huge label
    // index) in a hash map, so memory grows with the pairs seen, never with classes squared.
    size_t m_denseStride = 0;
    std::vector<uint32_t> m_densePairs;
    std::unordered_map<uint64_t, uint32_t> m_sparsePairs;
    int64_t m_segments = 0;
    int64_t m_positiveLabels = 0;
};

} // namespace audioset

#include "labelstatistics.h"

#include "classgraph.h"

namespace audioset {

LabelStatistics::LabelStatistics(const ClassGraph &graph)
    : m_graph(graph) {
    growTo(graph.size());
}

void LabelStatistics::growTo(size_t classCount) {
    if (classCount <= m_totals.size()) return;
    m_totals.resize(classCount);
    m_direct.resize(classCount);
    m_rollup.resize(classCount);
    m_rollupStamp.resize(classCount, 0);
    // Unknown labels add classes while a split streams; the pair matrix grows with headroom.
    if (classCount > m_pairStride) {
        const size_t stride = classCount + 64;
        std::vector<uint32_t> pairs(stride * stride, 0);
        for (size_t a = 0; a < m_pairStride; ++a)
            for (size_t b = 0; b < m_pairStride; ++b)
                pairs[a * stride + b] = m_pairs[a * m_pairStride + b];
        m_pairs.swap(pairs);
        m_pairStride = stride;
    }
}

void LabelStatistics::addSegment(uint32_t segmentId, bool rerated, const std::vector<int> &labels) {
    growTo(m_graph.size());
    ++m_segments;
    m_positiveLabels += static_cast<int64_t>(labels.size());
    const uint32_t posting = segmentId | (rerated ? kReratedBit : 0u);
    const uint32_t stamp = segmentId + 1;
    for (int label : labels) {
        SplitCounts &totals = m_totals[static_cast<size_t>(label)];
        ++totals.direct;
        totals.reratedDirect += rerated;
        m_direct[static_cast<size_t>(label)].push_back(posting);

        bool exclusive = true;
        for (int other : labels) {
            if (other == label) continue;
            if (m_graph.isStrictAncestor(label, other)) exclusive = false;
            ++m_pairs[static_cast<size_t>(label) * m_pairStride + static_cast<size_t>(other)];
        }
        totals.exclusive += exclusive;

        for (int ancestor : m_graph.ancestorsOrSelf(label)) {
            if (m_rollupStamp[static_cast<size_t>(ancestor)] == stamp) continue;
            m_rollupStamp[static_cast<size_t>(ancestor)] = stamp;
            SplitCounts &up = m_totals[static_cast<size_t>(ancestor)];
            ++up.rollup;
            up.reratedRollup += rerated;
            m_rollup[static_cast<size_t>(ancestor)].push_back(posting);
        }
    }
}

uint32_t LabelStatistics::pairCount(int a, int b) const {
    if (static_cast<size_t>(a) >= m_pairStride || static_cast<size_t>(b) >= m_pairStride) return 0;
    return m_pairs[static_cast<size_t>(a) * m_pairStride + static_cast<size_t>(b)];
}

void LabelStatistics::releasePostings(int classId) {
    std::vector<uint32_t>().swap(m_direct[static_cast<size_t>(classId)]);
    std::vector<uint32_t>().swap(m_rollup[static_cast<size_t>(classId)]);
}

} // namespace audioset

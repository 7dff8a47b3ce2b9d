#include "labelstatistics.h"

#include "classgraph.h"
#include "postinglist.h"

#include <algorithm>

namespace audioset {

namespace {
constexpr size_t kMaxDenseClasses = 2048; // 16 MiB of counts at most
constexpr size_t kDenseHeadroom = 64;     // unknown labels of a typical file stay dense

uint64_t pairKey(int a, int b) {
    return (static_cast<uint64_t>(static_cast<uint32_t>(a)) << 32) | static_cast<uint32_t>(b);
}
} // namespace

LabelStatistics::LabelStatistics(const ClassGraph &graph)
    : m_graph(graph)
    , m_denseStride(std::min(graph.size() + kDenseHeadroom, kMaxDenseClasses))
    , m_densePairs(m_denseStride * m_denseStride, 0) {
    growTo(graph.size());
}

void LabelStatistics::growTo(size_t classCount) {
    if (classCount <= m_totals.size()) return;
    m_totals.resize(classCount);
    m_direct.resize(classCount);
    m_rollup.resize(classCount);
    m_rollupStamp.resize(classCount, 0);
}

void LabelStatistics::addSegment(uint32_t segmentId, bool rerated, const std::vector<int> &labels) {
    growTo(m_graph.size());
    ++m_segments;
    m_positiveLabels += static_cast<int64_t>(labels.size());
    const uint32_t entry = posting::make(segmentId, rerated);
    const uint32_t stamp = segmentId + 1;
    for (int label : labels) {
        SplitCounts &totals = m_totals[static_cast<size_t>(label)];
        ++totals.direct;
        totals.reratedDirect += rerated;
        m_direct[static_cast<size_t>(label)].push_back(entry);

        bool exclusive = true;
        for (int other : labels) {
            if (other == label) continue;
            if (m_graph.isStrictAncestor(label, other)) exclusive = false;
            // A pair is counted once, under its smaller id: half the counting, and half the
            // matrix in the cache.
            if (other < label) continue;
            if (static_cast<size_t>(other) < m_denseStride)
                ++m_densePairs[static_cast<size_t>(label) * m_denseStride +
                               static_cast<size_t>(other)];
            else
                ++m_sparsePairs[pairKey(label, other)];
        }
        totals.exclusive += exclusive;

        for (int ancestor : m_graph.ancestorsOrSelf(label)) {
            if (m_rollupStamp[static_cast<size_t>(ancestor)] == stamp) continue;
            m_rollupStamp[static_cast<size_t>(ancestor)] = stamp;
            SplitCounts &up = m_totals[static_cast<size_t>(ancestor)];
            ++up.rollup;
            up.reratedRollup += rerated;
            m_rollup[static_cast<size_t>(ancestor)].push_back(entry);
        }
    }
}

void LabelStatistics::reset() {
    m_totals.clear();
    m_direct.clear();
    m_rollup.clear();
    m_rollupStamp.clear();
    std::fill(m_densePairs.begin(), m_densePairs.end(), 0u);
    m_sparsePairs.clear();
    m_segments = 0;
    m_positiveLabels = 0;
    growTo(m_graph.size());
}

uint32_t LabelStatistics::pairCount(int a, int b) const {
    if (a == b) return 0;
    if (b < a) std::swap(a, b);
    if (static_cast<size_t>(b) < m_denseStride)
        return m_densePairs[static_cast<size_t>(a) * m_denseStride + static_cast<size_t>(b)];
    const auto it = m_sparsePairs.find(pairKey(a, b));
    return it == m_sparsePairs.end() ? 0 : it->second;
}

void LabelStatistics::forEachPair(const std::function<void(int, int, uint32_t)> &visit) const {
    for (size_t a = 0; a < m_denseStride; ++a) {
        if (a < m_totals.size() && m_totals[a].direct == 0) continue;
        for (size_t b = a + 1; b < m_denseStride; ++b)
            if (const uint32_t count = m_densePairs[a * m_denseStride + b]) {
                visit(static_cast<int>(a), static_cast<int>(b), count);
                visit(static_cast<int>(b), static_cast<int>(a), count);
            }
    }
    for (const auto &[key, count] : m_sparsePairs) {
        const auto a = static_cast<int>(key >> 32), b = static_cast<int>(key & 0xffffffffu);
        visit(a, b, count);
        visit(b, a, count);
    }
}

void LabelStatistics::releasePostings(int classId) {
    std::vector<uint32_t>().swap(m_direct[static_cast<size_t>(classId)]);
    std::vector<uint32_t>().swap(m_rollup[static_cast<size_t>(classId)]);
}

} // namespace audioset

#include "vectorset.h"

#include <algorithm>

namespace audioset {

void VectorSet::reserve(size_t rows) {
    m_rows.reserve(rows);
    m_sums.reserve(rows * kVectorDims);
    m_norm2.reserve(rows);
    m_hash.reserve(rows);
    m_frames.reserve(rows);
    m_bySegment.reserve(rows);
}

bool VectorSet::add(uint32_t segmentId, Split split, int frameCount, const uint32_t *sums,
                    uint64_t framesHash) {
    if (frameCount <= 0 || frameCount > kMaxFrames) return false;
    for (size_t d = 0; d < kVectorDims; ++d)
        if (sums[d] > uint32_t(255 * frameCount)) return false;
    int64_t norm2 = 0;
    for (size_t d = 0; d < kVectorDims; ++d) {
        m_sums.push_back(static_cast<int16_t>(sums[d]));
        norm2 += int64_t(sums[d]) * sums[d];
    }
    m_rows.push_back(
        {segmentId, static_cast<uint8_t>(splitIndex(split)), static_cast<uint8_t>(frameCount)});
    m_norm2.push_back(static_cast<int32_t>(norm2));
    m_hash.push_back(static_cast<uint32_t>(framesHash ^ (framesHash >> 32)));
    const auto row = static_cast<uint32_t>(m_rows.size() - 1);
    if (m_bySegment.empty() || m_rows[m_bySegment.back()].segmentId < segmentId) {
        m_bySegment.push_back(row); // the catalog hands rows over in segment order
    } else {
        const auto at = std::upper_bound(
            m_bySegment.begin(), m_bySegment.end(), segmentId,
            [this](uint32_t id, uint32_t other) { return id < m_rows[other].segmentId; });
        m_bySegment.insert(at, row);
    }
    m_frames.push_back(static_cast<uint8_t>(frameCount));
    return true;
}

// In place, cycle by cycle: a copy of 2 M rows would double the memory at its peak.
void VectorSet::permute(const std::vector<uint32_t> &from) {
    std::vector<bool> placed(from.size(), false);
    std::vector<int16_t> heldSums(kVectorDims);
    for (size_t start = 0; start < from.size(); ++start) {
        if (placed[start] || from[start] == start) continue;
        const Row heldRow = m_rows[start];
        std::copy_n(sums(start), kVectorDims, heldSums.data());
        const int32_t heldNorm = m_norm2[start];
        const uint32_t heldHash = m_hash[start];
        const uint32_t heldOrder = m_order.empty() ? 0 : m_order[start];
        const uint8_t heldFrames = m_frames[start];
        size_t to = start;
        while (from[to] != start) {
            const size_t source = from[to];
            m_rows[to] = m_rows[source];
            std::copy_n(sums(source), kVectorDims, m_sums.data() + to * kVectorDims);
            m_norm2[to] = m_norm2[source];
            m_hash[to] = m_hash[source];
            if (!m_order.empty()) m_order[to] = m_order[source];
            m_frames[to] = m_frames[source];
            placed[to] = true;
            to = source;
        }
        m_rows[to] = heldRow;
        std::copy(heldSums.begin(), heldSums.end(), m_sums.data() + to * kVectorDims);
        m_norm2[to] = heldNorm;
        m_hash[to] = heldHash;
        if (!m_order.empty()) m_order[to] = heldOrder;
        m_frames[to] = heldFrames;
        placed[to] = true;
    }
    std::vector<uint32_t> moved(from.size()); // old row -> new row
    for (size_t i = 0; i < from.size(); ++i)
        moved[from[i]] = static_cast<uint32_t>(i);
    for (uint32_t &row : m_bySegment)
        row = moved[row];
}

void VectorSet::vector(size_t i, double *out) const {
    const double scale = 1.0 / m_rows[i].frameCount;
    const int16_t *s = sums(i);
    for (size_t d = 0; d < kVectorDims; ++d)
        out[d] = s[d] * scale;
}

size_t VectorSet::rowOfSegment(uint32_t segmentId) const {
    const auto it =
        std::lower_bound(m_bySegment.begin(), m_bySegment.end(), segmentId,
                         [this](uint32_t row, uint32_t id) { return m_rows[row].segmentId < id; });
    return it != m_bySegment.end() && m_rows[*it].segmentId == segmentId ? *it : m_rows.size();
}

size_t VectorSet::bytes() const {
    return m_rows.capacity() * sizeof(Row) + m_sums.capacity() * sizeof(int16_t) +
           m_norm2.capacity() * sizeof(int32_t) + m_hash.capacity() * sizeof(uint32_t) +
           m_order.capacity() * sizeof(uint32_t) + m_frames.capacity() +
           m_bySegment.capacity() * sizeof(uint32_t);
}

} // namespace audioset

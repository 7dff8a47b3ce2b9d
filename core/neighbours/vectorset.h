#pragma once

#include "dotproducts.h"
#include "split.h"

#include <cstdint>
#include <vector>

namespace audioset {

/// The segment vectors neighbour search works on, one row per segment with an embedding.
///
/// A row keeps the frame sums (the vector is sums / frameCount, exactly) as int16, 256 bytes, so
/// 2 M segments fit in about 560 MB with everything else a row carries.
class VectorSet {
public:
    /// More frames than this and the int32 dot products of dotRows could overflow; AudioSet's
    /// 10-second segments have at most 10.
    static constexpr int kMaxFrames = 12;

    struct Row {
        uint32_t segmentId = 0;
        uint8_t splitIndex = 0;
        uint8_t frameCount = 0;
        Split split() const { return static_cast<Split>(splitIndex); }
    };

    void reserve(size_t rows);
    /// False (and nothing added) for a segment without frames, with more than kMaxFrames, or
    /// with sums that are not sums of `frameCount` bytes. `framesHash` hashes the frame bytes.
    bool add(uint32_t segmentId, Split split, int frameCount, const uint32_t *sums,
             uint64_t framesHash);
    /// Sets the tie-break rank of every row: its place in (split, ytid, start) order.
    void setOrder(std::vector<uint32_t> order) { m_order = std::move(order); }
    /// Reorders the rows: row i becomes old row `from[i]`.
    void permute(const std::vector<uint32_t> &from);

    size_t size() const { return m_rows.size(); }
    const Row &row(size_t i) const { return m_rows[i]; }
    const int16_t *sums(size_t i) const { return m_sums.data() + i * kVectorDims; }
    const int16_t *allSums() const { return m_sums.data(); }
    int64_t norm2(size_t i) const { return m_norm2[i]; }
    const int32_t *norm2s() const { return m_norm2.data(); }
    /// Frame counts, one byte per row (for the SIMD bound of selectNear).
    const uint8_t *frameCounts() const { return m_frames.data(); }
    /// 32 bits of the frames' hash: a filter for identical frames, confirmed by comparing sums.
    uint32_t framesHash(size_t i) const { return m_hash[i]; }
    uint32_t order(size_t i) const { return m_order.empty() ? uint32_t(i) : m_order[i]; }
    /// The vector as doubles (sums / frameCount).
    void vector(size_t i, double *out) const;
    /// The row holding a segment, or size() when none does.
    size_t rowOfSegment(uint32_t segmentId) const;
    /// Bytes held, for the memory figures of the benchmark.
    size_t bytes() const;

private:
    std::vector<Row> m_rows;
    std::vector<int16_t> m_sums;
    std::vector<int32_t> m_norm2; // |sums|² <= 128 * (255 * kMaxFrames)² fits
    std::vector<uint32_t> m_hash; // 32 bits: 8 MB less at full scale pays for m_bySegment
    std::vector<uint8_t> m_frames;
    std::vector<uint32_t> m_order;
    std::vector<uint32_t> m_bySegment; // rows in ascending segment id, for rowOfSegment
};

} // namespace audioset

#pragma once

#include "alignedvector.h"
#include "vectorset.h"

#include <cstdint>
#include <vector>

namespace audioset {

/// Rows' vectors rounded to whole numbers, one byte a dimension, for a screening pass at half
/// the cost of the exact int16 products: a row whose rounded distance to a query is more than
/// the query's reach plus both rounding errors cannot lie within reach, so the screen never
/// drops a row the exact search would take.
class RoundedRows {
public:
    /// Rows are held in blocks of 16 with their dimensions interleaved: the 64 bytes of group g
    /// of a block hold dimensions 4g..4g+3 of each of its rows, so that one u8 × s8 product
    /// instruction covers four dimensions of sixteen rows.
    static constexpr size_t kBlock = 16;

    /// Rounds rows [begin, end) of `vectors`.
    void assign(const VectorSet &vectors, size_t begin, size_t end);
    size_t size() const { return m_count; }
    /// The VectorSet's row that rounded row 0 is.
    size_t first() const { return m_first; }
    const uint8_t *block(size_t b) const { return m_values.data() + b * kBlock * kVectorDims; }
    uint8_t value(size_t i, size_t d) const {
        return block(i / kBlock)[d / 4 * 64 + i % kBlock * 4 + d % 4];
    }
    /// |r|² - 256·Σr of each rounded row r: with the products of r and (query - 128) as signed
    /// bytes, the squared distance of the rounded vectors in integers. Padded to whole blocks.
    const int32_t *offsets() const { return m_offset.data(); }
    /// |v - r| of each row (rounded up): how far rounding moved it. Padded to whole blocks.
    const float *errors() const { return m_error.data(); }

private:
    size_t m_first = 0;
    size_t m_count = 0;
    AlignedVector<uint8_t> m_values;
    AlignedVector<int32_t> m_offset;
    AlignedVector<float> m_error;
};

/// A query's vector rounded the same way, held as signed bytes (value - 128) for the u8 × s8
/// products of AVX-512 VNNI.
struct RoundedQuery {
    alignas(64) int8_t values[kVectorDims] = {};
    int32_t norm2 = 0; // |r|² of the rounded vector
    float error = 0;   // |v - r|, rounded up
};
RoundedQuery roundQuery(const VectorSet &vectors, size_t row);

/// True where screenRows runs on AVX-512 VNNI. Elsewhere its plain loop is slower than the
/// exact int16 products of dotRows (AVX2 has no u8 x s8 product that cannot saturate), so
/// callers skip the screen.
bool roundedScreenIsFast();

/// One query of a screening pass and the distance it wants rows within.
struct ScreenQuery {
    const RoundedQuery *rounded = nullptr;
    double reach = 0;
};

/// Gets a (query, row) pair that passed the screen, the row as a row of the VectorSet, and
/// returns the query's reach from then on (it may only shrink).
using ScreenSink = double (*)(void *context, size_t query, uint32_t row);

/// Screens rounded rows [from, to) against up to four queries: calls `sink` for each pair
/// whose rounded distance is within the query's reach plus both rounding errors (and perhaps a
/// few more). Uses AVX-512 VNNI where dotRows does, a plain loop elsewhere.
void screenRows(ScreenQuery *queries, size_t queryCount, const RoundedRows &rows, size_t from,
                size_t to, ScreenSink sink, void *context);

} // namespace audioset

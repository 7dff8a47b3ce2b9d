#include "roundedrows.h"

#include "dotproducts.h"

#include <cmath>
#include <cstring>
#include <immintrin.h>
#include <limits>

#include "vnnikernels.h"

namespace audioset {

namespace {

// The float rounding both paths use (the SIMD one rounds the same products to nearest even).
int32_t roundedValue(int16_t sum, float inverseFrames) {
    return static_cast<int32_t>(std::nearbyint(float(sum) * inverseFrames));
}

// |v - r| from the squared residual sum of the frame sums (n·v - n·r), rounded up to a float.
float errorBound(int64_t residual2, int frames) {
    const double error = std::sqrt(double(residual2)) / double(frames);
    float bound = static_cast<float>(error);
    if (double(bound) < error) bound = std::nextafter(bound, std::numeric_limits<float>::max());
    return bound;
}

// The screen's test: the squared rounded distance (an exact integer below 2^24, so exact as a
// float) against (reach + both errors)², with slack for the float rounding of the limit.
float screenLimit(float reachWithQueryError, float rowError) {
    const float t = reachWithQueryError + rowError;
    return t * t * (1.0f + 1e-5f) + 1.0f;
}

bool useVnni() {
    static const bool vnni = std::strcmp(dotRowsPath(), "avx512-vnni") == 0;
    return vnni;
}

struct RowTotals {
    int64_t norm2 = 0, sum = 0, residual2 = 0;
};

RowTotals roundRowPlain(const int16_t *sums, int frames, uint8_t *out) {
    const float inverse = 1.0f / float(frames);
    RowTotals totals;
    for (size_t d = 0; d < kVectorDims; ++d) {
        const int32_t r = roundedValue(sums[d], inverse);
        const int64_t residual = int64_t(sums[d]) - int64_t(frames) * r;
        totals.norm2 += int64_t(r) * r;
        totals.sum += r;
        totals.residual2 += residual * residual;
        out[d] = static_cast<uint8_t>(r);
    }
    return totals;
}

// GCC 12's AVX-512 headers trip -W(maybe-)uninitialized on their own undefined-vector
// placeholders (a false positive in the intrinsics, as in dotproducts.cpp).
#pragma GCC diagnostic push
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif

AUDIOSET_VNNI RowTotals roundRowVnni(const int16_t *sums, int frames, uint8_t *out) {
    const __m512 inverse = _mm512_set1_ps(1.0f / float(frames));
    const __m512i n = _mm512_set1_epi32(frames);
    __m512i norm2 = _mm512_setzero_si512(), sum = _mm512_setzero_si512(),
            residual2 = _mm512_setzero_si512();
#pragma GCC unroll 8
    for (size_t d = 0; d < kVectorDims; d += 16) {
        const __m512i s =
            _mm512_cvtepi16_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i *>(sums + d)));
        // Round to nearest even, as std::nearbyint does in the plain path.
        const __m512i r = _mm512_cvtps_epi32(_mm512_mul_ps(_mm512_cvtepi32_ps(s), inverse));
        const __m512i residual = _mm512_sub_epi32(s, _mm512_mullo_epi32(r, n));
        norm2 = _mm512_add_epi32(norm2, _mm512_mullo_epi32(r, r));
        sum = _mm512_add_epi32(sum, r);
        residual2 = _mm512_add_epi32(residual2, _mm512_mullo_epi32(residual, residual));
        _mm_storeu_si128(reinterpret_cast<__m128i *>(out + d), _mm512_cvtepi32_epi8(r));
    }
    // Each lane holds at most 8 terms: 8·255² and 8·11² fit in int32.
    return {_mm512_reduce_add_epi32(norm2), _mm512_reduce_add_epi32(sum),
            _mm512_reduce_add_epi32(residual2)};
}

// Rows [from, to) against the queries, one pair at a time: the path without AVX-512 VNNI
// (which probed batches skip for dotRows, see roundedScreenIsFast; the tests use it).
void screenPlain(ScreenQuery *queries, size_t queryCount, const RoundedRows &rows, size_t from,
                 size_t to, ScreenSink sink, void *context) {
    for (size_t i = from; i < to; ++i) {
        for (size_t j = 0; j < queryCount; ++j) {
            const RoundedQuery &q = *queries[j].rounded;
            int32_t dot = 0;
            for (size_t d = 0; d < kVectorDims; ++d)
                dot += int32_t(rows.value(i, d)) * q.values[d];
            const int32_t d2 = rows.offsets()[i] + q.norm2 - 2 * dot;
            const float reach = float(queries[j].reach + double(q.error));
            if (float(d2) <= screenLimit(reach, rows.errors()[i]))
                queries[j].reach = sink(context, j, uint32_t(rows.first() + i));
        }
    }
}

// Sixteen rows (a block) by `Queries` queries at a time: with the block's dimensions
// interleaved, each product lands in its row's lane, so there is nothing to reduce; a query's
// sixteen rows are then tested in one compare. A pair that passes is rare once the reaches
// have settled.
template <size_t Queries>
AUDIOSET_VNNI void screenBlocks(ScreenQuery *queries, const RoundedRows &rows, size_t from,
                                size_t to, ScreenSink sink, void *context) {
    const int32_t *words[Queries];
    __m512i norm[Queries];
    float reach[Queries];
    for (size_t j = 0; j < Queries; ++j) {
        words[j] = reinterpret_cast<const int32_t *>(queries[j].rounded->values);
        norm[j] = _mm512_set1_epi32(queries[j].rounded->norm2);
        reach[j] = float(queries[j].reach + double(queries[j].rounded->error));
    }
    const __m512i lanes = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    for (size_t block = from / RoundedRows::kBlock; block * RoundedRows::kBlock < to; ++block) {
        const size_t base = block * RoundedRows::kBlock;
        const uint8_t *values = rows.block(block);
        __m512i acc[Queries][2];
        // Two accumulators a query: independent chains keep the multipliers busy.
#pragma GCC unroll 4
        for (size_t j = 0; j < Queries; ++j)
            acc[j][0] = acc[j][1] = _mm512_setzero_si512();
#pragma GCC unroll 16
        for (size_t k = 0; k < kVectorDims / 4; k += 2) {
            const __m512i even = _mm512_load_si512(values + 64 * k);
            const __m512i odd = _mm512_load_si512(values + 64 * (k + 1));
#pragma GCC unroll 4
            for (size_t j = 0; j < Queries; ++j) {
                acc[j][0] = _mm512_dpbusd_epi32(acc[j][0], even, _mm512_set1_epi32(words[j][k]));
                acc[j][1] = _mm512_dpbusd_epi32(acc[j][1], odd, _mm512_set1_epi32(words[j][k + 1]));
            }
        }
        const __m512i index = _mm512_add_epi32(lanes, _mm512_set1_epi32(int(base)));
        const __mmask16 inside = _mm512_cmpge_epi32_mask(index, _mm512_set1_epi32(int(from))) &
                                 _mm512_cmplt_epi32_mask(index, _mm512_set1_epi32(int(to)));
        const __m512i offsets = _mm512_load_si512(rows.offsets() + base);
        const __m512 errors = _mm512_load_ps(rows.errors() + base);
#pragma GCC unroll 4
        for (size_t j = 0; j < Queries; ++j) {
            const __m512i dots = _mm512_add_epi32(acc[j][0], acc[j][1]);
            const __m512i d2 =
                _mm512_sub_epi32(_mm512_add_epi32(offsets, norm[j]), _mm512_slli_epi32(dots, 1));
            const __m512 t = _mm512_add_ps(_mm512_set1_ps(reach[j]), errors);
            const __m512 limit =
                _mm512_add_ps(_mm512_mul_ps(_mm512_mul_ps(t, t), _mm512_set1_ps(1.0f + 1e-5f)),
                              _mm512_set1_ps(1.0f));
            unsigned passed =
                _mm512_mask_cmp_ps_mask(inside, _mm512_cvtepi32_ps(d2), limit, _CMP_LE_OQ);
            while (passed) {
                const unsigned lane = unsigned(__builtin_ctz(passed));
                queries[j].reach = sink(context, j, uint32_t(rows.first() + base + lane));
                reach[j] = float(queries[j].reach + double(queries[j].rounded->error));
                passed &= passed - 1;
            }
        }
    }
}

AUDIOSET_VNNI void screenVnni(ScreenQuery *queries, size_t queryCount, const RoundedRows &rows,
                              size_t from, size_t to, ScreenSink sink, void *context) {
    switch (queryCount) {
    case 1:
        return screenBlocks<1>(queries, rows, from, to, sink, context);
    case 2:
        return screenBlocks<2>(queries, rows, from, to, sink, context);
    case 3:
        return screenBlocks<3>(queries, rows, from, to, sink, context);
    default:
        return screenBlocks<4>(queries, rows, from, to, sink, context);
    }
}

#pragma GCC diagnostic pop

} // namespace

void RoundedRows::assign(const VectorSet &vectors, size_t begin, size_t end) {
    m_first = begin;
    m_count = end - begin;
    const size_t count = m_count;
    const size_t padded = (count + kBlock - 1) / kBlock * kBlock;
    m_values.resize(padded * kVectorDims);
    m_offset.assign(padded, 0);
    m_error.assign(padded, 0.0f);
    const bool vnni = useVnni();
    alignas(64) uint8_t rounded[kVectorDims];
    for (size_t i = 0; i < count; ++i) {
        const int frames = vectors.row(begin + i).frameCount;
        const RowTotals totals = vnni ? roundRowVnni(vectors.sums(begin + i), frames, rounded)
                                      : roundRowPlain(vectors.sums(begin + i), frames, rounded);
        // Row r of a block: bytes 4r..4r+3 of each 64-byte group hold four of its dimensions.
        uint8_t *block = m_values.data() + i / kBlock * kBlock * kVectorDims;
        for (size_t group = 0; group < kVectorDims / 4; ++group)
            std::memcpy(block + group * 64 + (i % kBlock) * 4, rounded + group * 4, 4);
        m_offset[i] = static_cast<int32_t>(totals.norm2 - 256 * totals.sum);
        m_error[i] = errorBound(totals.residual2, frames);
    }
}

RoundedQuery roundQuery(const VectorSet &vectors, size_t row) {
    RoundedQuery query;
    uint8_t rounded[kVectorDims];
    const int frames = vectors.row(row).frameCount;
    const RowTotals totals = roundRowPlain(vectors.sums(row), frames, rounded);
    for (size_t d = 0; d < kVectorDims; ++d)
        query.values[d] = static_cast<int8_t>(int(rounded[d]) - 128);
    query.norm2 = static_cast<int32_t>(totals.norm2);
    query.error = errorBound(totals.residual2, frames);
    return query;
}

bool roundedScreenIsFast() {
    return useVnni();
}

void screenRows(ScreenQuery *queries, size_t queryCount, const RoundedRows &rows, size_t from,
                size_t to, ScreenSink sink, void *context) {
    if (queryCount == 0 || queryCount > 4 || from >= to) return;
    if (useVnni())
        screenVnni(queries, queryCount, rows, from, to, sink, context);
    else
        screenPlain(queries, queryCount, rows, from, to, sink, context);
}

} // namespace audioset

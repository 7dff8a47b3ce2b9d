#include "dotproducts.h"

#include <algorithm>
#include <cstdlib>
#include <immintrin.h>
#include <string>

#include "vnnikernels.h"

namespace audioset {

namespace {

using DotFunction = void (*)(const int16_t *, const int16_t *, size_t, int32_t *);

// GCC 12's own AVX-512 headers trip -Wmaybe-uninitialized in the lane extracts (a false
// positive in the intrinsic's masked builtin, not in this code).
#pragma GCC diagnostic push
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

// One row's four products, summed across lanes.
AUDIOSET_VNNI inline int32_t dotOneVnni(const __m512i q[4], const int16_t *row) {
    __m512i a = _mm512_dpwssd_epi32(_mm512_setzero_si512(), q[0], _mm512_loadu_si512(row));
    __m512i b = _mm512_dpwssd_epi32(_mm512_setzero_si512(), q[1], _mm512_loadu_si512(row + 32));
    a = _mm512_dpwssd_epi32(a, q[2], _mm512_loadu_si512(row + 64));
    b = _mm512_dpwssd_epi32(b, q[3], _mm512_loadu_si512(row + 96));
    const __m512i sum = _mm512_add_epi32(a, b);
    const __m256i half =
        _mm256_add_epi32(_mm512_castsi512_si256(sum), _mm512_extracti64x4_epi64(sum, 1));
    __m128i quarter =
        _mm_add_epi32(_mm256_castsi256_si128(half), _mm256_extracti128_si256(half, 1));
    quarter = _mm_add_epi32(quarter, _mm_shuffle_epi32(quarter, 0x4e));
    quarter = _mm_add_epi32(quarter, _mm_shuffle_epi32(quarter, 0xb1));
    return _mm_cvtsi128_si32(quarter);
}

template <int lo, int hi> AUDIOSET_VNNI inline __m512i pairSum(__m512i a, __m512i b) {
    return _mm512_add_epi32(_mm512_shuffle_i32x4(a, b, lo), _mm512_shuffle_i32x4(a, b, hi));
}

// The lane sums of sixteen accumulators, as sixteen lanes in accumulator order, by a
// transposing tree (about three instructions an accumulator instead of eight).
AUDIOSET_VNNI inline __m512i reduceSixteen(const __m512i acc[16]) {
    __m512i b[8], c[4], d[2];
#pragma GCC unroll 8
    for (int j = 0; j < 8; ++j) // halves: [acc 2j: 8 lanes | acc 2j+1: 8 lanes]
        b[j] = pairSum<0x44, 0xEE>(acc[2 * j], acc[2 * j + 1]);
#pragma GCC unroll 4
    for (int j = 0; j < 4; ++j) // quarters: acc 4j..4j+3, four lanes each
        c[j] = pairSum<0x88, 0xDD>(b[2 * j], b[2 * j + 1]);
#pragma GCC unroll 2
    for (int j = 0; j < 2; ++j) // in each quarter k: acc 8j+k, 8j+4+k, two lanes each
        d[j] = _mm512_add_epi32(_mm512_unpacklo_epi64(c[2 * j], c[2 * j + 1]),
                                _mm512_unpackhi_epi64(c[2 * j], c[2 * j + 1]));
    const __m512 e0 = _mm512_castsi512_ps(d[0]), e1 = _mm512_castsi512_ps(d[1]);
    const __m512i e = _mm512_add_epi32(_mm512_castps_si512(_mm512_shuffle_ps(e0, e1, 0x88)),
                                       _mm512_castps_si512(_mm512_shuffle_ps(e0, e1, 0xDD)));
    // The tree leaves accumulator r in lane 4 * (r % 4) + r / 4.
    const __m512i order = _mm512_setr_epi32(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15);
    return _mm512_permutexvar_epi32(order, e);
}

AUDIOSET_VNNI inline __m512i dotFour(const __m512i q[4], const int16_t *row) {
    __m512i a = _mm512_dpwssd_epi32(_mm512_setzero_si512(), q[0], _mm512_loadu_si512(row));
    a = _mm512_dpwssd_epi32(a, q[1], _mm512_loadu_si512(row + 32));
    a = _mm512_dpwssd_epi32(a, q[2], _mm512_loadu_si512(row + 64));
    return _mm512_dpwssd_epi32(a, q[3], _mm512_loadu_si512(row + 96));
}

// Sixteen rows at a time: sixteen accumulators reduced together in a transposing tree (about
// three instructions a row instead of eight for a reduction per row).
AUDIOSET_VNNI void dotRowsVnni(const int16_t *query, const int16_t *rows, size_t count,
                               int32_t *out) {
    const __m512i q[4] = {_mm512_loadu_si512(query), _mm512_loadu_si512(query + 32),
                          _mm512_loadu_si512(query + 64), _mm512_loadu_si512(query + 96)};
    size_t i = 0;
    for (; i + 16 <= count; i += 16) {
        __m512i acc[16];
#pragma GCC unroll 16
        for (int r = 0; r < 16; ++r)
            acc[r] = dotFour(q, rows + (i + size_t(r)) * kVectorDims);
        const __m512i e = reduceSixteen(acc);
        _mm512_storeu_si512(out + i, e);
    }
    for (; i < count; ++i)
        out[i] = dotOneVnni(q, rows + i * kVectorDims);
}

// Sixteen rows a block: each product lands in its row's lane; four chains keep the
// multipliers busy.
AUDIOSET_VNNI void dotInterleavedVnni(const int16_t *query, const int16_t *blocks,
                                      size_t blockCount, int32_t *out) {
    const auto *pairs = reinterpret_cast<const int32_t *>(query);
    for (size_t b = 0; b < blockCount; ++b) {
        const int16_t *block = blocks + b * 16 * kVectorDims;
        __m512i acc[4] = {_mm512_setzero_si512(), _mm512_setzero_si512(), _mm512_setzero_si512(),
                          _mm512_setzero_si512()};
#pragma GCC unroll 16
        for (size_t g = 0; g < kVectorDims / 2; g += 4)
#pragma GCC unroll 4
            for (size_t a = 0; a < 4; ++a)
                acc[a] = _mm512_dpwssd_epi32(acc[a], _mm512_loadu_si512(block + (g + a) * 32),
                                             _mm512_set1_epi32(pairs[g + a]));
        _mm512_storeu_si512(out + 16 * b, _mm512_add_epi32(_mm512_add_epi32(acc[0], acc[1]),
                                                           _mm512_add_epi32(acc[2], acc[3])));
    }
}

AUDIOSET_VNNI size_t selectNearAvx512(const int32_t *dots, const int32_t *norm2,
                                      const uint8_t *frames, size_t count, float queryTerm,
                                      float twiceInverseQuery, float reach2, uint32_t *selected) {
    const __m512 inverse =
        _mm512_setr_ps(0.f, 1.f, 1.f / 2, 1.f / 3, 1.f / 4, 1.f / 5, 1.f / 6, 1.f / 7, 1.f / 8,
                       1.f / 9, 1.f / 10, 1.f / 11, 1.f / 12, 0.f, 0.f, 0.f);
    const __m512i lanes = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    size_t kept = 0, i = 0;
    for (; i + 16 <= count; i += 16) {
        const __m512i n =
            _mm512_cvtepu8_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i *>(frames + i)));
        const __m512 inv = _mm512_permutexvar_ps(n, inverse);
        const __m512 norm = _mm512_cvtepi32_ps(_mm512_loadu_si512(norm2 + i));
        const __m512 dot = _mm512_cvtepi32_ps(_mm512_loadu_si512(dots + i));
        // queryTerm + norm * inv² - dot * (2 / nq) * inv
        __m512 d2 = _mm512_fmadd_ps(_mm512_mul_ps(norm, inv), inv, _mm512_set1_ps(queryTerm));
        d2 = _mm512_fnmadd_ps(_mm512_mul_ps(dot, _mm512_set1_ps(twiceInverseQuery)), inv, d2);
        const __mmask16 near = _mm512_cmp_ps_mask(d2, _mm512_set1_ps(reach2), _CMP_LE_OQ);
        _mm512_mask_compressstoreu_epi32(selected + kept, near,
                                         _mm512_add_epi32(lanes, _mm512_set1_epi32(int(i))));
        kept += size_t(__builtin_popcount(near));
    }
    for (; i < count; ++i) {
        const float inv = 1.0f / float(frames[i]);
        const float d2 =
            queryTerm + float(norm2[i]) * inv * inv - float(dots[i]) * twiceInverseQuery * inv;
        if (d2 <= reach2) selected[kept++] = uint32_t(i);
    }
    return kept;
}
#pragma GCC diagnostic pop

__attribute__((target("avx2"))) void dotRowsAvx2(const int16_t *query, const int16_t *rows,
                                                 size_t count, int32_t *out) {
    __m256i q[8];
    for (int k = 0; k < 8; ++k)
        q[k] = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(query + 16 * k));
    for (size_t i = 0; i < count; ++i) {
        const auto *row = reinterpret_cast<const __m256i *>(rows + i * kVectorDims);
        __m256i a = _mm256_madd_epi16(q[0], _mm256_loadu_si256(row));
        __m256i b = _mm256_madd_epi16(q[1], _mm256_loadu_si256(row + 1));
        for (int k = 2; k < 8; k += 2) {
            a = _mm256_add_epi32(a, _mm256_madd_epi16(q[k], _mm256_loadu_si256(row + k)));
            b = _mm256_add_epi32(b, _mm256_madd_epi16(q[k + 1], _mm256_loadu_si256(row + k + 1)));
        }
        const __m256i sum = _mm256_add_epi32(a, b);
        __m128i half = _mm_add_epi32(_mm256_castsi256_si128(sum), _mm256_extracti128_si256(sum, 1));
        half = _mm_add_epi32(half, _mm_shuffle_epi32(half, 0x4e));
        half = _mm_add_epi32(half, _mm_shuffle_epi32(half, 0xb1));
        out[i] = _mm_cvtsi128_si32(half);
    }
}

struct Dispatch {
    DotFunction function;
    const char *name;
};

// AUDIOSET_DOT_PATH=avx2 or =scalar takes a slower path than the CPU allows, so that the tests
// cover every path on any machine.
Dispatch choose() {
    __builtin_cpu_init();
    const char *forced = std::getenv("AUDIOSET_DOT_PATH");
    const std::string cap = forced ? forced : "";
    if (cap.empty() && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
        __builtin_cpu_supports("avx512vnni"))
        return {dotRowsVnni, "avx512-vnni"};
    if (cap != "scalar" && __builtin_cpu_supports("avx2")) return {dotRowsAvx2, "avx2"};
    return {dotRowsScalar, "scalar"};
}

const Dispatch &dispatch() {
    static const Dispatch chosen = choose();
    return chosen;
}

} // namespace

void dotRowsScalar(const int16_t *query, const int16_t *rows, size_t count, int32_t *out) {
    for (size_t i = 0; i < count; ++i) {
        int32_t sum = 0;
        for (size_t d = 0; d < kVectorDims; ++d)
            sum += int32_t(query[d]) * rows[i * kVectorDims + d];
        out[i] = sum;
    }
}

void interleaveRows(const int16_t *rows, size_t count, int16_t *blocks) {
    std::fill_n(blocks, interleavedBlocks(count) * 16 * kVectorDims, int16_t(0));
    for (size_t i = 0; i < count; ++i)
        for (size_t d = 0; d < kVectorDims; ++d)
            blocks[i / 16 * 16 * kVectorDims + d / 2 * 32 + i % 16 * 2 + d % 2] =
                rows[i * kVectorDims + d];
}

void dotInterleaved(const int16_t *query, const int16_t *blocks, size_t blockCount, int32_t *out) {
    if (dispatch().function == dotRowsVnni)
        return dotInterleavedVnni(query, blocks, blockCount, out);
    for (size_t b = 0; b < blockCount; ++b)
        for (size_t r = 0; r < 16; ++r) {
            int32_t sum = 0;
            for (size_t d = 0; d < kVectorDims; ++d)
                sum +=
                    int32_t(query[d]) * blocks[b * 16 * kVectorDims + d / 2 * 32 + r * 2 + d % 2];
            out[16 * b + r] = sum;
        }
}

void dotRows(const int16_t *query, const int16_t *rows, size_t count, int32_t *out) {
    dispatch().function(query, rows, count, out);
}

size_t selectNear(const int32_t *dots, const int32_t *norm2, const uint8_t *frames, size_t count,
                  double queryNorm2, int queryFrames, double reach, uint32_t *selected) {
    const double nq = queryFrames;
    const double queryTerm = queryNorm2 / (nq * nq);
    // Float rounding of terms up to ~1e7 (squared distances in 0-255 units): a generous
    // absolute and relative slack keeps every row that could be within reach.
    const double reach2 = reach * reach * (1.0 + 1e-5) + 64.0;
    if (dispatch().function == dotRowsVnni)
        return selectNearAvx512(dots, norm2, frames, count, float(queryTerm), float(2.0 / nq),
                                float(std::min(reach2, 1e30)), selected);
    size_t kept = 0;
    for (size_t i = 0; i < count; ++i) {
        const double inv = 1.0 / frames[i];
        const double d2 = queryTerm + double(norm2[i]) * inv * inv - 2.0 * dots[i] * inv / nq;
        if (d2 <= reach2) selected[kept++] = uint32_t(i);
    }
    return kept;
}

const char *dotRowsPath() {
    return dispatch().name;
}

} // namespace audioset

#pragma once

// AVX-512 VNNI building blocks shared by the kernels of dotproducts.cpp and roundedrows.cpp.
// Include only from those files: everything here is compiled for AVX-512 and must only run
// after their CPU check.

#include <cstdint>
#include <immintrin.h>

// GCC 12's own AVX-512 headers trip -Wmaybe-uninitialized in the lane extracts (a false
// positive in the intrinsic's masked builtin, not in this code).
#pragma GCC diagnostic push
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#define AUDIOSET_VNNI __attribute__((target("avx512f,avx512bw,avx512vnni,avx2")))

namespace audioset::vnni {

// One row's four products, summed across lanes.
AUDIOSET_VNNI inline int32_t dotOne(const __m512i q[4], const int16_t *row) {
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

} // namespace audioset::vnni

#pragma GCC diagnostic pop

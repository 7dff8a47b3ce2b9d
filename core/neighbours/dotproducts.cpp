#include "dotproducts.h"

#include <immintrin.h>

namespace audioset {

namespace {

using DotFunction = void (*)(const int16_t *, const int16_t *, size_t, int32_t *);

// GCC 12's own AVX-512 headers trip -Wmaybe-uninitialized in the lane extracts (a false
// positive in the intrinsic's masked builtin, not in this code).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
__attribute__((target("avx512f,avx512bw,avx512vnni,avx2"))) void
dotRowsVnni(const int16_t *query, const int16_t *rows, size_t count, int32_t *out) {
    const __m512i q0 = _mm512_loadu_si512(query);
    const __m512i q1 = _mm512_loadu_si512(query + 32);
    const __m512i q2 = _mm512_loadu_si512(query + 64);
    const __m512i q3 = _mm512_loadu_si512(query + 96);
    for (size_t i = 0; i < count; ++i) {
        const int16_t *row = rows + i * kVectorDims;
        __m512i a = _mm512_dpwssd_epi32(_mm512_setzero_si512(), q0, _mm512_loadu_si512(row));
        __m512i b = _mm512_dpwssd_epi32(_mm512_setzero_si512(), q1, _mm512_loadu_si512(row + 32));
        a = _mm512_dpwssd_epi32(a, q2, _mm512_loadu_si512(row + 64));
        b = _mm512_dpwssd_epi32(b, q3, _mm512_loadu_si512(row + 96));
        const __m512i sum = _mm512_add_epi32(a, b);
        const __m256i half =
            _mm256_add_epi32(_mm512_castsi512_si256(sum), _mm512_extracti64x4_epi64(sum, 1));
        __m128i quarter =
            _mm_add_epi32(_mm256_castsi256_si128(half), _mm256_extracti128_si256(half, 1));
        quarter = _mm_add_epi32(quarter, _mm_shuffle_epi32(quarter, 0x4e));
        quarter = _mm_add_epi32(quarter, _mm_shuffle_epi32(quarter, 0xb1));
        out[i] = _mm_cvtsi128_si32(quarter);
    }
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

Dispatch choose() {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
        __builtin_cpu_supports("avx512vnni"))
        return {dotRowsVnni, "avx512-vnni"};
    if (__builtin_cpu_supports("avx2")) return {dotRowsAvx2, "avx2"};
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

void dotRows(const int16_t *query, const int16_t *rows, size_t count, int32_t *out) {
    dispatch().function(query, rows, count, out);
}

const char *dotRowsPath() {
    return dispatch().name;
}

} // namespace audioset

#pragma once

#include <cstddef>
#include <cstdint>

namespace audioset {

/// Dimensions of a VGGish embedding.
inline constexpr size_t kVectorDims = 128;

/// out[i] = query · rows[i] for `count` consecutive rows of kVectorDims int16 values, exact in
/// int32 for the sums VectorSet holds. Uses AVX-512 VNNI or AVX2 when the CPU has them.
void dotRows(const int16_t *query, const int16_t *rows, size_t count, int32_t *out);
/// The same, one plain loop: the reference the SIMD paths are tested and benchmarked against.
void dotRowsScalar(const int16_t *query, const int16_t *rows, size_t count, int32_t *out);
/// The rows that may lie within `reach` of the query, by a float bound on each squared distance
/// (|sums/n|² from `norm2` and `frames`, the query's part given): their indices, ascending, in
/// `selected`; returns how many. Errs only towards keeping a row: the caller decides exactly.
size_t selectNear(const int32_t *dots, const int32_t *norm2, const uint8_t *frames, size_t count,
                  double queryNorm2, int queryFrames, double reach, uint32_t *selected);

/// Which path dotRows takes on this CPU: "avx512-vnni", "avx2" or "scalar".
const char *dotRowsPath();

} // namespace audioset

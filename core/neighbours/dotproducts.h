#pragma once

#include <cstddef>
#include <cstdint>

namespace audioset {

/// Dimensions of a VGGish embedding.
inline constexpr size_t kVectorDims = 128;

/// out[i] = query · rows[i] for `count` consecutive rows of kVectorDims int16 values, exact in
/// int32 for the sums VectorSet holds. Uses AVX-512 VNNI or AVX2 when the CPU has them.
void dotRows(const int16_t *query, const int16_t *rows, size_t count, int32_t *out);
/// Rows held in blocks of 16 with their dimensions interleaved: the 64 bytes of group g of a
/// block hold dimensions 2g and 2g + 1 of each of its rows (a row past the end is zeros).
void interleaveRows(const int16_t *rows, size_t count, int16_t *blocks);
inline size_t interleavedBlocks(size_t rows) {
    return (rows + 15) / 16;
}
/// out[i] = query · row i for the 16·blockCount rows of interleaved blocks, as dotRows gives
/// them for the same rows unblocked; needs no lane reductions on AVX-512 VNNI.
void dotInterleaved(const int16_t *query, const int16_t *blocks, size_t blockCount, int32_t *out);
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

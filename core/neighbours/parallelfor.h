#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

namespace audioset {

/// Runs `work(i)` for i in [0, count) on `threads` threads, the calling thread among them,
/// calling `progress(done / count)` on the calling thread; stops early when it returns false.
/// True when all of the work ran.
bool runParallel(size_t count, unsigned threads, const std::function<void(size_t)> &work,
                 const std::function<bool(double)> &progress);

/// runParallel over the consecutive slices [begin, end) of `slice` rows of `rows`: `work(begin,
/// the slice's rows)`.
bool runParallelSlices(const std::vector<uint32_t> &rows, size_t slice, unsigned threads,
                       const std::function<void(size_t, std::vector<uint32_t> &&)> &work,
                       const std::function<bool(double)> &progress);

} // namespace audioset

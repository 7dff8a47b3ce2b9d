#pragma once

#include <cstddef>
#include <functional>

namespace audioset {

/// Runs `work(i)` for i in [0, count) on `threads` threads, the calling thread among them,
/// calling `progress(done / count)` on the calling thread; stops early when it returns false.
/// True when all of the work ran.
bool runParallel(size_t count, unsigned threads, const std::function<void(size_t)> &work,
                 const std::function<bool(double)> &progress);

} // namespace audioset

#include "parallelfor.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace audioset {

bool runParallel(size_t count, unsigned threads, const std::function<void(size_t)> &work,
                 const std::function<bool(double)> &progress) {
    // Chunks of up to 64 items, but small enough that every thread gets work and progress
    // (and a stop) comes often when the items are few and large.
    const size_t chunk = std::clamp<size_t>(count / (64 * size_t(std::max(threads, 1u))), 1, 64);
    std::atomic<size_t> next{0};
    std::atomic<size_t> done{0};
    std::atomic<bool> stop{false};
    // Does the next chunk of work; false when none is left.
    auto oneChunk = [&] {
        const size_t begin = next.fetch_add(chunk);
        if (begin >= count) return false;
        const size_t end = std::min(count, begin + chunk);
        for (size_t i = begin; i < end; ++i)
            work(i);
        done.fetch_add(end - begin);
        return true;
    };
    std::vector<std::thread> helpers;
    for (unsigned t = 1; t < std::max(threads, 1u); ++t)
        helpers.emplace_back([&] {
            while (!stop.load(std::memory_order_relaxed) && oneChunk()) {
            }
        });
    // The calling thread works too, reporting between chunks.
    while (!stop.load() && oneChunk())
        if (progress && !progress(double(done.load()) / double(count))) stop = true;
    for (std::thread &helper : helpers)
        helper.join();
    return !stop.load();
}

bool runParallelSlices(const std::vector<uint32_t> &rows, size_t slice, unsigned threads,
                       const std::function<void(size_t, std::vector<uint32_t> &&)> &work,
                       const std::function<bool(double)> &progress) {
    return runParallel((rows.size() + slice - 1) / slice, threads,
                       [&](size_t s) {
                           const size_t begin = s * slice,
                                        end = std::min(rows.size(), begin + slice);
                           work(begin, std::vector<uint32_t>(rows.begin() + std::ptrdiff_t(begin),
                                                             rows.begin() + std::ptrdiff_t(end)));
                       },
                       progress);
}

} // namespace audioset

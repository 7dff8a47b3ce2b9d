#pragma once

#include <cstddef>
#include <cstdlib>
#include <new>
#include <vector>

namespace audioset {

/// Allocates on 64-byte boundaries, for aligned AVX-512 loads.
template <typename T> struct AlignedAllocator {
    using value_type = T;
    AlignedAllocator() = default;
    template <typename U> AlignedAllocator(const AlignedAllocator<U> &) {}
    T *allocate(size_t n) {
        void *p = std::aligned_alloc(64, (n * sizeof(T) + 63) / 64 * 64);
        if (!p) throw std::bad_alloc();
        return static_cast<T *>(p);
    }
    void deallocate(T *p, size_t) { std::free(p); }
    template <typename U> bool operator==(const AlignedAllocator<U> &) const { return true; }
    template <typename U> bool operator!=(const AlignedAllocator<U> &) const { return false; }
};

/// A vector whose data starts on a 64-byte boundary.
template <typename T> using AlignedVector = std::vector<T, AlignedAllocator<T>>;

} // namespace audioset

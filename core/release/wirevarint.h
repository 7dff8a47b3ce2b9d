#pragma once

#include <cstdint>

namespace audioset {

/// Reads a protobuf varint of at most `maxBytes` bytes from `at`, advancing it past the bytes
/// read; false when it does not end within them or before `end`.
inline bool readWireVarint(const uint8_t *&at, const uint8_t *end, uint64_t &value,
                           int maxBytes = 10) {
    value = 0;
    for (int i = 0; i < maxBytes && at != end; ++i) {
        const uint8_t byte = *at++;
        value |= static_cast<uint64_t>(byte & 0x7f) << (7 * i);
        if (!(byte & 0x80)) return true;
    }
    return false;
}

} // namespace audioset

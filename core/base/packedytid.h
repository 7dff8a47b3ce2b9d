#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace audioset {

/// An 11-character YouTube id packed into 66 bits whose integer order is the ids' byte order
/// ("-" < digits < upper case < "_" < lower case), so sorted files stay sorted when packed.
struct PackedYtid {
    static constexpr unsigned kHeadBits = 60;
    uint64_t head = 0; // first ten characters, 6 bits each: the low kHeadBits bits
    uint8_t last = 0;  // the eleventh character

    /// The id must be valid (isValidYoutubeId).
    static PackedYtid pack(std::string_view ytid);
    /// The 11 characters back.
    std::array<char, 11> unpack() const;

    friend bool operator==(const PackedYtid &a, const PackedYtid &b) {
        return a.head == b.head && a.last == b.last;
    }
    friend bool operator!=(const PackedYtid &a, const PackedYtid &b) { return !(a == b); }
    friend bool operator<(const PackedYtid &a, const PackedYtid &b) {
        return a.head != b.head ? a.head < b.head : a.last < b.last;
    }
    uint64_t hash() const;
};

} // namespace audioset

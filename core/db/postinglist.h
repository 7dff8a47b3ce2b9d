#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace audioset {

/// The one owner of how a class's postings are stored (class_postings.segment_ids): segment ids
/// in file order, 32-bit little-endian whatever the host, the top bit set for a rerated segment.
namespace posting {

inline constexpr uint32_t kReratedBit = 0x8000'0000u;

inline uint32_t make(uint32_t segmentId, bool rerated) {
    return segmentId | (rerated ? kReratedBit : 0u);
}
inline uint32_t segmentOf(uint32_t posting) {
    return posting & ~kReratedBit;
}
inline bool isRerated(uint32_t posting) {
    return (posting & kReratedBit) != 0;
}

/// Bytes per stored posting.
inline constexpr size_t kBytes = 4;

/// The blob for `postings`, written into `blob`.
void encode(const std::vector<uint32_t> &postings, std::string &blob);
/// `count` postings from the blob's bytes.
void decode(const unsigned char *bytes, size_t count, std::vector<uint32_t> &out);
/// Segment ids without the rerated flag, in place.
void stripFlags(std::vector<uint32_t> &postings);

} // namespace posting

} // namespace audioset

#pragma once

#include "packedytid.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace audioset {

/// The one owner of how segment_keys.keys is stored: per segment, what matching an embedding
/// record to it needs, so that matching reads a few blobs instead of scanning every segment
/// row. 21 bytes a key, little-endian: segment id (uint32), packed ytid (uint64 head, uint8
/// last), start_ms (int64).
namespace segmentkey {

inline constexpr size_t kBytes = 21;

struct Key {
    uint32_t segmentId = 0;
    PackedYtid ytid;
    int64_t startMs = 0;
};

/// Appends one key to a chunk's blob.
void append(std::string &blob, const Key &key);
/// The key whose kBytes start at `bytes`.
Key read(const unsigned char *bytes);

} // namespace segmentkey

} // namespace audioset

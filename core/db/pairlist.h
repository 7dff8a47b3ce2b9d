#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace audioset {

/// The one owner of how a class's co-occurring classes are stored (cooccurrence.pairs): per
/// other class, its id and the number of segments the two share, as two 32-bit little-endian
/// values, by other id.
namespace pairlist {

struct Pair {
    uint32_t other;
    uint32_t count;
};

inline constexpr size_t kBytes = 8; // per pair

void encode(const std::vector<Pair> &pairs, std::string &blob);
/// False for a blob whose size is not a whole number of pairs.
bool decode(const unsigned char *bytes, size_t size, std::vector<Pair> &out);

} // namespace pairlist

} // namespace audioset

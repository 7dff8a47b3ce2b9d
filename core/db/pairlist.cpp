#include "pairlist.h"

#include "littleendian.h"

namespace audioset::pairlist {

void encode(const std::vector<Pair> &pairs, std::string &blob) {
    blob.resize(pairs.size() * kBytes);
    for (size_t i = 0; i < pairs.size(); ++i) {
        writeLe32(blob.data() + i * kBytes, pairs[i].other);
        writeLe32(blob.data() + i * kBytes + 4, pairs[i].count);
    }
}

bool decode(const unsigned char *bytes, size_t size, std::vector<Pair> &out) {
    out.clear();
    if (size % kBytes != 0) return false;
    out.reserve(size / kBytes);
    for (size_t at = 0; at < size; at += kBytes)
        out.push_back({readLe32(bytes + at), readLe32(bytes + at + 4)});
    return true;
}

} // namespace audioset::pairlist

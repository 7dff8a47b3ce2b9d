#include "postinglist.h"

#include "littleendian.h"

namespace audioset::posting {

void encode(const std::vector<uint32_t> &postings, std::string &blob) {
    blob.clear();
    blob.reserve(postings.size() * kBytes);
    for (uint32_t value : postings)
        appendLe(blob, value, kBytes);
}

void decode(const unsigned char *bytes, size_t count, std::vector<uint32_t> &out) {
    out.resize(count);
    for (size_t i = 0; i < count; ++i)
        out[i] = readLe32(bytes + i * kBytes);
}

void stripFlags(std::vector<uint32_t> &postings) {
    for (uint32_t &value : postings)
        value = segmentOf(value);
}

} // namespace audioset::posting

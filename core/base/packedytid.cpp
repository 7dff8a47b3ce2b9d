#include "packedytid.h"

namespace audioset {

namespace {
uint8_t code(char c) {
    if (c == '-') return 0;
    if (c >= '0' && c <= '9') return static_cast<uint8_t>(1 + (c - '0'));
    if (c >= 'A' && c <= 'Z') return static_cast<uint8_t>(11 + (c - 'A'));
    if (c == '_') return 37;
    return static_cast<uint8_t>(38 + (c - 'a'));
}
} // namespace

PackedYtid PackedYtid::pack(std::string_view ytid) {
    PackedYtid packed;
    for (size_t i = 0; i < 10 && i < ytid.size(); ++i)
        packed.head = (packed.head << 6) | code(ytid[i]);
    packed.last = ytid.size() > 10 ? code(ytid[10]) : 0;
    return packed;
}

uint64_t PackedYtid::hash() const {
    uint64_t x = head ^ (static_cast<uint64_t>(last) << 60) ^ 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

} // namespace audioset

#include "packedytid.h"

namespace audioset {

namespace {
// The 64 characters of a YouTube id in byte order; a character's code is its position.
constexpr char kAlphabet[] = "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";

struct CodeTable {
    uint8_t codes[256] = {};
    constexpr CodeTable() {
        for (uint8_t code = 0; code < 64; ++code)
            codes[static_cast<unsigned char>(kAlphabet[code])] = code;
    }
};
constexpr CodeTable kCodes;

uint8_t code(char c) {
    return kCodes.codes[static_cast<unsigned char>(c)];
}
} // namespace

std::array<char, 11> PackedYtid::unpack() const {
    std::array<char, 11> ytid{};
    for (size_t i = 0; i < 10; ++i)
        ytid[i] = kAlphabet[(head >> (6 * (9 - i))) & 63u];
    ytid[10] = kAlphabet[last & 63u];
    return ytid;
}

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

#include "crc32c.h"

#include <isa-l/crc.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cstring>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <nmmintrin.h>
#define AUDIOSET_HAVE_SSE42_PATH 1
#endif

namespace audioset {

namespace {

constexpr uint32_t kPolynomial = 0x82F63B78u;

// Slicing-by-8 tables: eight bytes per step without the hardware instruction.
struct Tables {
    std::array<std::array<uint32_t, 256>, 8> t{};
    Tables() {
        for (uint32_t i = 0; i < 256; ++i) {
            uint32_t crc = i;
            for (int bit = 0; bit < 8; ++bit)
                crc = (crc >> 1) ^ ((crc & 1u) ? kPolynomial : 0u);
            t[0][i] = crc;
        }
        for (uint32_t i = 0; i < 256; ++i)
            for (size_t k = 1; k < 8; ++k)
                t[k][i] = (t[k - 1][i] >> 8) ^ t[0][t[k - 1][i] & 0xFFu];
    }
};

const Tables &tables() {
    static const Tables instance;
    return instance;
}

#ifdef AUDIOSET_HAVE_SSE42_PATH
__attribute__((target("sse4.2"))) void crc32cStripesHardware(const unsigned char *p, size_t stripes,
                                                             uint32_t lanes[4]) {
    uint64_t c0 = lanes[0], c1 = lanes[1], c2 = lanes[2], c3 = lanes[3];
    for (size_t i = 0; i < stripes; ++i, p += 32) {
        uint64_t w[4];
        std::memcpy(w, p, sizeof w);
        c0 = _mm_crc32_u64(c0, w[0]);
        c1 = _mm_crc32_u64(c1, w[1]);
        c2 = _mm_crc32_u64(c2, w[2]);
        c3 = _mm_crc32_u64(c3, w[3]);
    }
    lanes[0] = static_cast<uint32_t>(c0);
    lanes[1] = static_cast<uint32_t>(c1);
    lanes[2] = static_cast<uint32_t>(c2);
    lanes[3] = static_cast<uint32_t>(c3);
}

bool detectHardware() {
    __builtin_cpu_init();
    return __builtin_cpu_supports("sse4.2");
}
#endif

} // namespace

namespace {
// Eight bytes into the register, uninverted: what the crc32 instruction does with a word.
uint32_t crc32cWordPortable(const Tables &tables, uint32_t c, const unsigned char *p) {
    const auto &t = tables.t;
    // Little-endian assembly of the first four bytes, explicitly, whatever the host.
    const uint32_t low =
        c ^ (uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24);
    return t[7][low & 0xFF] ^ t[6][(low >> 8) & 0xFF] ^ t[5][(low >> 16) & 0xFF] ^ t[4][low >> 24] ^
           t[3][p[4]] ^ t[2][p[5]] ^ t[1][p[6]] ^ t[0][p[7]];
}
} // namespace

uint32_t crc32cPortable(const void *data, size_t size, uint32_t crc) {
    const auto &t = tables().t;
    const auto *p = static_cast<const unsigned char *>(data);
    uint32_t c = ~crc;
    while (size >= 8) {
        c = crc32cWordPortable(tables(), c, p);
        p += 8;
        size -= 8;
    }
    while (size--)
        c = (c >> 8) ^ t[0][(c ^ *p++) & 0xFF];
    return ~c;
}

bool crc32cIsHardwareAccelerated() {
#ifdef AUDIOSET_HAVE_SSE42_PATH
    static const bool hardware = detectHardware();
    return hardware;
#else
    return false;
#endif
}

void crc32cStripesPortable(const void *data, size_t stripes, uint32_t lanes[4]) {
    const auto *p = static_cast<const unsigned char *>(data);
    for (size_t i = 0; i < stripes; ++i, p += 32)
        for (int lane = 0; lane < 4; ++lane)
            lanes[lane] = crc32cWordPortable(tables(), lanes[lane], p + 8 * lane);
}

void crc32cStripes(const void *data, size_t stripes, uint32_t lanes[4]) {
#ifdef AUDIOSET_HAVE_SSE42_PATH
    if (crc32cIsHardwareAccelerated()) {
        crc32cStripesHardware(static_cast<const unsigned char *>(data), stripes, lanes);
        return;
    }
#endif
    crc32cStripesPortable(data, stripes, lanes);
}

uint32_t crc32c(const void *data, size_t size, uint32_t crc) {
    // ISA-L's CRC-32C (its "iSCSI" CRC) folds several streams with carry-less multiplies: 2.4x
    // the one-stream crc32 loop on a 1.3 KB TFRecord record. It starts from and returns the
    // register without the outer inversions, takes an int length, and a pointer it only reads.
    auto *p = static_cast<unsigned char *>(const_cast<void *>(data));
    uint32_t c = ~crc;
    while (size > 0) {
        const size_t part = std::min<size_t>(size, INT_MAX & ~size_t{63});
        c = crc32_iscsi(p, static_cast<int>(part), c);
        p += part;
        size -= part;
    }
    return ~c;
}

} // namespace audioset

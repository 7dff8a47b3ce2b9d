#include "crc32c.h"

#include <array>
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
__attribute__((target("sse4.2"))) uint32_t crc32cHardware(const unsigned char *p, size_t size,
                                                          uint32_t crc) {
    uint64_t c = ~crc;
    while (size >= 8) {
        uint64_t word;
        std::memcpy(&word, p, 8);
        c = _mm_crc32_u64(c, word);
        p += 8;
        size -= 8;
    }
    uint32_t c32 = static_cast<uint32_t>(c);
    while (size--)
        c32 = _mm_crc32_u8(c32, *p++);
    return ~c32;
}

bool detectHardware() {
    __builtin_cpu_init();
    return __builtin_cpu_supports("sse4.2");
}
#endif

} // namespace

uint32_t crc32cPortable(const void *data, size_t size, uint32_t crc) {
    const auto &t = tables().t;
    const auto *p = static_cast<const unsigned char *>(data);
    uint32_t c = ~crc;
    while (size >= 8) {
        // Little-endian assembly of the first four bytes, explicitly, whatever the host.
        const uint32_t low = c ^ (uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 |
                                  uint32_t(p[3]) << 24);
        c = t[7][low & 0xFF] ^ t[6][(low >> 8) & 0xFF] ^ t[5][(low >> 16) & 0xFF] ^
            t[4][low >> 24] ^ t[3][p[4]] ^ t[2][p[5]] ^ t[1][p[6]] ^ t[0][p[7]];
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

uint32_t crc32c(const void *data, size_t size, uint32_t crc) {
#ifdef AUDIOSET_HAVE_SSE42_PATH
    if (crc32cIsHardwareAccelerated())
        return crc32cHardware(static_cast<const unsigned char *>(data), size, crc);
#endif
    return crc32cPortable(data, size, crc);
}

} // namespace audioset

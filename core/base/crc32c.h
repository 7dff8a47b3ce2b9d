#pragma once

#include <cstddef>
#include <cstdint>

namespace audioset {

/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), continuing from `crc` (0 to start).
/// ISA-L's, which picks the CPU's fastest instructions at run time.
uint32_t crc32c(const void *data, size_t size, uint32_t crc = 0);

/// The table-driven version, always available; the tests compare both.
uint32_t crc32cPortable(const void *data, size_t size, uint32_t crc = 0);

/// Four CRC-32C registers run side by side over `stripes` 32-byte stripes, word k (8 bytes,
/// little-endian) of each stripe into register k, continuing from `lanes` with no inversion
/// before or after. Independent registers keep the CPU's crc32 unit busy (one stream waits on
/// each instruction's latency): the core of hashBytes. Hardware and table give equal results.
void crc32cStripes(const void *data, size_t stripes, uint32_t lanes[4]);
void crc32cStripesPortable(const void *data, size_t stripes, uint32_t lanes[4]);

/// True when crc32cStripes() uses the crc32 instruction on this machine.
bool crc32cIsHardwareAccelerated();

/// TFRecord's masked CRC: ((c >> 15) | (c << 17)) + 0xa282ead8.
inline uint32_t maskCrc(uint32_t crc) {
    return ((crc >> 15) | (crc << 17)) + 0xa282ead8u;
}

} // namespace audioset

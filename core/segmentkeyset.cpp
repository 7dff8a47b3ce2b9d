#include "segmentkeyset.h"

namespace audioset {

SegmentKeySet::SegmentKeySet(size_t expectedRows) {
    size_t capacity = 1024;
    while (capacity < expectedRows * 2)
        capacity *= 2;
    m_slots.assign(capacity, 0);
    m_mask = capacity - 1;
}

uint32_t SegmentKeySet::fingerprint(std::string_view ytid) {
    uint64_t hash = 0xcbf29ce484222325ull; // FNV-1a, then a final avalanche
    for (unsigned char c : ytid)
        hash = (hash ^ c) * 0x100000001b3ull;
    hash ^= hash >> 33;
    hash *= 0xff51afd7ed558ccdull;
    hash ^= hash >> 33;
    return static_cast<uint32_t>(hash);
}

void SegmentKeySet::insert(std::string_view ytid, uint32_t rowId) {
    if ((m_size + 1) * 10 > m_slots.size() * 7) grow();
    const uint32_t print = fingerprint(ytid);
    size_t slot = print & m_mask;
    while (m_slots[slot] != 0)
        slot = (slot + 1) & m_mask;
    m_slots[slot] = (static_cast<uint64_t>(print) << 32) | (static_cast<uint64_t>(rowId) + 1);
    ++m_size;
}

void SegmentKeySet::grow() {
    std::vector<uint64_t> old;
    old.swap(m_slots);
    m_slots.assign(old.size() * 2, 0);
    m_mask = m_slots.size() - 1;
    for (uint64_t entry : old) {
        if (entry == 0) continue;
        size_t slot = static_cast<uint32_t>(entry >> 32) & m_mask;
        while (m_slots[slot] != 0)
            slot = (slot + 1) & m_mask;
        m_slots[slot] = entry;
    }
}

} // namespace audioset

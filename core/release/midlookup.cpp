#include "midlookup.h"

#include <cstring>

namespace audioset {

namespace {

uint64_t hashMid(std::string_view mid) {
    uint64_t hash = 0x9e3779b97f4a7c15ull ^ mid.size();
    size_t i = 0;
    for (; i + 8 <= mid.size(); i += 8) {
        uint64_t word;
        std::memcpy(&word, mid.data() + i, 8);
        hash = (hash ^ word) * 0xbf58476d1ce4e5b9ull;
        hash ^= hash >> 29;
    }
    if (i < mid.size()) {
        uint64_t word = 0;
        std::memcpy(&word, mid.data() + i, mid.size() - i);
        hash = (hash ^ word) * 0x94d049bb133111ebull;
    }
    hash ^= hash >> 32;
    hash *= 0xd6e8feb86659fd93ull;
    return hash ^ (hash >> 32);
}

} // namespace

int MidLookup::find(std::string_view mid) const {
    if (m_slots.empty()) return -1;
    const uint64_t hash = hashMid(mid);
    const size_t mask = m_slots.size() - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
        const Slot &slot = m_slots[i];
        if (slot.id < 0) return -1;
        if (slot.hash == hash && slot.mid == mid) return slot.id;
    }
}

void MidLookup::insert(std::string_view mid, int id) {
    if (2 * (m_count + 1) > m_slots.size()) grow(); // at most half full: probes stay short
    const uint64_t hash = hashMid(mid);
    const size_t mask = m_slots.size() - 1;
    size_t i = hash & mask;
    while (m_slots[i].id >= 0)
        i = (i + 1) & mask;
    m_slots[i] = {hash, mid, id};
    ++m_count;
}

void MidLookup::grow() {
    std::vector<Slot> old = std::move(m_slots);
    m_slots.assign(old.empty() ? 1024 : 2 * old.size(), Slot());
    const size_t mask = m_slots.size() - 1;
    for (const Slot &slot : old) {
        if (slot.id < 0) continue;
        size_t i = slot.hash & mask;
        while (m_slots[i].id >= 0)
            i = (i + 1) & mask;
        m_slots[i] = slot;
    }
}

} // namespace audioset

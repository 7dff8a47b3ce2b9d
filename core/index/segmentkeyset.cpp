#include "segmentkeyset.h"

namespace audioset {

SegmentKeySet::Seen SegmentKeySet::add(const PackedYtid &ytid, int64_t startMs) {
    const Key key{ytid, startMs};
    if (m_sorted) {
        if (m_keys.empty() || !(ytid < m_keys.back().ytid)) return addSorted(key);
        m_sorted = false;
        rebuildHash(m_keys.size() * 2 + 1024);
    }
    return addHashed(key);
}

SegmentKeySet::Seen SegmentKeySet::addSorted(const Key &key) {
    if (m_keys.empty() || m_keys.back().ytid != key.ytid) {
        m_runStart = m_keys.size();
        m_keys.push_back(key);
        return Seen::NewVideo;
    }
    for (size_t row = m_runStart; row < m_keys.size(); ++row)
        if (m_keys[row].startMs == key.startMs) return Seen::Duplicate;
    m_keys.push_back(key);
    return Seen::NewSegmentOfKnownVideo;
}

SegmentKeySet::Seen SegmentKeySet::addHashed(const Key &key) {
    const size_t mask = m_slots.size() - 1;
    bool knownVideo = false;
    for (size_t slot = key.ytid.hash() & mask; m_slots[slot] != 0; slot = (slot + 1) & mask) {
        const Key &other = m_keys[m_slots[slot] - 1];
        if (other.ytid != key.ytid) continue;
        if (other.startMs == key.startMs) return Seen::Duplicate;
        knownVideo = true;
    }
    m_keys.push_back(key);
    if (m_keys.size() * 10 > m_slots.size() * 7)
        rebuildHash(m_slots.size() * 2);
    else
        insertIntoHash(static_cast<uint32_t>(m_keys.size() - 1));
    return knownVideo ? Seen::NewSegmentOfKnownVideo : Seen::NewVideo;
}

void SegmentKeySet::insertIntoHash(uint32_t row) {
    const size_t mask = m_slots.size() - 1;
    size_t slot = m_keys[row].ytid.hash() & mask;
    while (m_slots[slot] != 0)
        slot = (slot + 1) & mask;
    m_slots[slot] = row + 1;
}

void SegmentKeySet::rebuildHash(size_t capacity) {
    size_t size = 1024;
    while (size < capacity)
        size *= 2;
    m_slots.assign(size, 0);
    for (size_t row = 0; row < m_keys.size(); ++row)
        insertIntoHash(static_cast<uint32_t>(row));
}

} // namespace audioset

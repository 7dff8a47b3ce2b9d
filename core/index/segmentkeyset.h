#pragma once

#include "packedytid.h"

#include <cstdint>
#include <vector>

namespace audioset {

/// Tells, row by row, whether a split already had this segment (same video and start) or this
/// video. The release CSVs are sorted by id, so it only compares with the rows of the current
/// id; the first row out of order switches it to an exact hash lookup over every row so far.
/// Keeps 16 bytes a row.
class SegmentKeySet {
public:
    enum class Seen { NewVideo, NewSegmentOfKnownVideo, Duplicate };

    Seen add(const PackedYtid &ytid, int64_t startMs);
    bool sortedByYtid() const { return m_sorted; }
    size_t size() const { return m_keys.size(); }

private:
    struct Key {
        PackedYtid ytid;
        int64_t startMs;
    };

    Seen addSorted(const Key &key);
    Seen addHashed(const Key &key);
    void insertIntoHash(uint32_t row);
    void rebuildHash(size_t capacity);

    std::vector<Key> m_keys;
    bool m_sorted = true;
    size_t m_runStart = 0;         // first row of the current id, while sorted
    std::vector<uint32_t> m_slots; // row + 1, hashed on the id only; 0 = empty
};

} // namespace audioset

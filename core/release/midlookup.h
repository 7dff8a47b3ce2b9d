#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace audioset {

/// Class ids by machine id: open addressing in a power-of-two table, the mid hashed eight bytes
/// at a time. The indexer looks up every label of every row (6.6 M at full scale), and there
/// std::unordered_map's byte-at-a-time hash and bucket division were a third of the parsing.
class MidLookup {
public:
    /// -1 when the mid is not there.
    int find(std::string_view mid) const;
    /// `mid` must not be there yet, and the bytes it views must outlive the lookup.
    void insert(std::string_view mid, int id);

private:
    struct Slot {
        uint64_t hash = 0;
        std::string_view mid;
        int id = -1;
    };
    void grow();

    std::vector<Slot> m_slots;
    size_t m_count = 0;
};

} // namespace audioset

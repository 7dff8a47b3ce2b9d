#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace audioset {

/// Remembers which rows of a split carry which YouTube id, in 8 bytes a row: a 32-bit
/// fingerprint of the id and the row id. A fingerprint match only names candidates; the caller
/// confirms them against the stored rows, so the answer is exact.
class SegmentKeySet {
public:
    explicit SegmentKeySet(size_t expectedRows = 1024);

    template <typename Visitor>
    void forEachCandidate(std::string_view ytid, Visitor &&visit) const {
        const uint32_t print = fingerprint(ytid);
        for (size_t slot = print & m_mask;; slot = (slot + 1) & m_mask) {
            const uint64_t entry = m_slots[slot];
            if (entry == 0) return;
            if (static_cast<uint32_t>(entry >> 32) == print)
                visit(static_cast<uint32_t>(entry) - 1);
        }
    }

    void insert(std::string_view ytid, uint32_t rowId);
    size_t size() const { return m_size; }

    static uint32_t fingerprint(std::string_view ytid);

private:
    void grow();

    std::vector<uint64_t> m_slots; // 0 = empty, else fingerprint << 32 | (rowId + 1)
    size_t m_mask = 0;
    size_t m_size = 0;
};

} // namespace audioset

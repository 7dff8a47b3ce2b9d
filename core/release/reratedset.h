#pragma once

#include "packedytid.h"

#include <string_view>
#include <vector>

namespace audioset {

/// The rerated video ids, sorted. Lookups gallop forward from the last one found, so 2 M
/// lookups in ascending order (as the release CSVs are) cost about one merge pass, and lookups
/// in any other order a binary search each.
class ReratedSet {
public:
    void add(std::string_view ytid) { m_ids.push_back(PackedYtid::pack(ytid)); }
    /// Sorts and removes repeats; call once after the last add().
    void finish();
    bool contains(const PackedYtid &ytid);
    size_t size() const { return m_ids.size(); }

private:
    std::vector<PackedYtid> m_ids;
    size_t m_cursor = 0;
    PackedYtid m_lastQuery;
};

} // namespace audioset

#pragma once

#include "packedytid.h"

#include <string_view>
#include <vector>

namespace audioset {

/// The rerated video ids, sorted. Lookups in ascending order (the release CSVs are sorted by id)
/// walk a cursor forward instead of searching, so 2 M lookups cost a single merge pass.
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

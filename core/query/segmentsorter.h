#pragma once

#include "catalog.h"

#include <map>
#include <string>
#include <vector>

namespace audioset {

class Database;

/// Sorts segment listings for Catalog. The key of each column is read from the index once, for
/// every segment (4 bytes a segment per column sorted on), and the last sorted listing is kept,
/// so paging through a million sorted rows sorts them once.
class SegmentSorter {
public:
    explicit SegmentSorter(Database &db);

    /// `matching` (segment ids in natural order) sorted as the query asks; `listing` names
    /// the listing, so the same listing asked again is not sorted again. `members` are the
    /// segments with what an Embedding or Audio order is by (sorted ids), else unused.
    const std::vector<uint32_t> &sorted(const std::string &listing, std::vector<uint32_t> matching,
                                        SegmentSort sort, bool descending,
                                        const std::vector<uint32_t> &members);

private:
    const std::vector<uint32_t> &keysFor(SegmentSort sort, const std::vector<uint32_t> &members);
    std::vector<uint32_t> columnKeys(const std::string &expression);
    std::vector<uint32_t> ytidRanks();

    Database &m_db;
    size_t m_idLimit = 0; // one past the largest segment id
    std::map<SegmentSort, std::vector<uint32_t>> m_keys;
    std::string m_listing;
    std::vector<uint32_t> m_sorted;
};

} // namespace audioset

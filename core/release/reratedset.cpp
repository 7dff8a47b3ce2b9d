#include "reratedset.h"

#include <algorithm>

namespace audioset {

void ReratedSet::finish() {
    std::sort(m_ids.begin(), m_ids.end());
    m_ids.erase(std::unique(m_ids.begin(), m_ids.end()), m_ids.end());
    m_cursor = 0;
    m_lastQuery = PackedYtid();
}

bool ReratedSet::contains(const PackedYtid &ytid) {
    // Gallop from the cursor: a step from one query to the next costs the log of the distance
    // walked, so ascending lookups cost one merge pass and shuffled ones a binary search each.
    auto from = m_ids.begin();
    auto to = m_ids.end();
    if (!(ytid < m_lastQuery)) {
        from += static_cast<std::ptrdiff_t>(m_cursor);
        size_t step = 1;
        while (static_cast<size_t>(to - from) > step && *(from + std::ptrdiff_t(step)) < ytid) {
            from += std::ptrdiff_t(step);
            step *= 2;
        }
        to = from + std::ptrdiff_t(std::min(step + 1, static_cast<size_t>(to - from)));
    }
    m_cursor = static_cast<size_t>(std::lower_bound(from, to, ytid) - m_ids.begin());
    m_lastQuery = ytid;
    return m_cursor < m_ids.size() && m_ids[m_cursor] == ytid;
}

} // namespace audioset

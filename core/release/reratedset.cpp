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
    if (ytid < m_lastQuery)
        m_cursor =
            static_cast<size_t>(std::lower_bound(m_ids.begin(), m_ids.end(), ytid) - m_ids.begin());
    else
        while (m_cursor < m_ids.size() && m_ids[m_cursor] < ytid)
            ++m_cursor;
    m_lastQuery = ytid;
    return m_cursor < m_ids.size() && m_ids[m_cursor] == ytid;
}

} // namespace audioset

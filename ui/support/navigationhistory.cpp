#include "navigationhistory.h"

namespace audioset::ui {

void NavigationHistory::visit(const QString &mid) {
    if (!m_places.empty() && m_places[m_current].mid == mid) return;
    if (!m_places.empty()) m_places.resize(m_current + 1);
    m_places.push_back({mid});
    if (m_places.size() > kMaxPlaces) m_places.erase(m_places.begin());
    m_current = m_places.size() - 1;
}

void NavigationHistory::selectSegment(int row, int64_t segmentId) {
    if (m_places.empty()) return;
    m_places[m_current].row = row;
    m_places[m_current].segmentId = segmentId;
}

std::optional<Place> NavigationHistory::back() {
    if (!canGoBack()) return std::nullopt;
    return m_places[--m_current];
}

std::optional<Place> NavigationHistory::forward() {
    if (!canGoForward()) return std::nullopt;
    return m_places[++m_current];
}

void NavigationHistory::clear() {
    m_places.clear();
    m_current = 0;
}

} // namespace audioset::ui

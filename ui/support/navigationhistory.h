#pragma once

#include <QString>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace audioset::ui {

/// Where the user was: a class, and the segment row selected in its table.
struct Place {
    QString mid;
    int row = -1;           // in the class's segment table, -1 for none
    int64_t segmentId = -1; // the segment on that row
};

/// Back and Forward over the classes visited, as a browser keeps them: visiting a new class
/// drops what lay forward; each place remembers the segment last selected in it.
class NavigationHistory {
public:
    static constexpr size_t kMaxPlaces = 200;

    /// A class was shown (not by going back or forward). Showing the current one again is no
    /// new place.
    void visit(const QString &mid);
    /// The segment selected in the current place.
    void selectSegment(int row, int64_t segmentId);
    std::optional<Place> back();
    std::optional<Place> forward();
    bool canGoBack() const { return m_current > 0; }
    bool canGoForward() const { return m_current + 1 < m_places.size(); }
    void clear();

private:
    std::vector<Place> m_places;
    size_t m_current = 0; // into m_places when it is not empty
};

} // namespace audioset::ui

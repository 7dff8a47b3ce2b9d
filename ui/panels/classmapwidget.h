#pragma once

#include "classmap.h"

#include <QImage>
#include <QPolygonF>
#include <QWidget>
#include <memory>

namespace audioset::ui {

/// A class map drawn into an image: a density of the other segments in grey, the class's in
/// orange, a lasso selection in blue. Hover names the segment under the pointer, a click asks to
/// open it, Shift+drag (or a right-button drag) draws a lasso.
class ClassMapWidget : public QWidget {
    Q_OBJECT
public:
    explicit ClassMapWidget(QWidget *parent = nullptr);

    void setMap(std::shared_ptr<const ClassMap> map);
    const ClassMap *map() const { return m_map.get(); }
    const std::shared_ptr<const ClassMap> &sharedMap() const { return m_map; }
    /// Indices into map()->points of the lasso's selection.
    const std::vector<size_t> &selection() const { return m_selection; }
    /// Selects the points inside `polygon` (widget coordinates), as a lasso does.
    void selectInside(const QPolygonF &polygon);
    /// The point nearest to `position` within a few pixels, or -1.
    long pointAt(const QPoint &position) const;
    QPointF toWidget(const ClassMap::Point &point) const;

Q_SIGNALS:
    void pointActivated(const audioset::ClassMap::Point &point);
    void selectionChanged(size_t count);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;

private:
    void render();
    void buildGrid();

    std::shared_ptr<const ClassMap> m_map;
    QRectF m_bounds; // of the points, in map units
    QImage m_image;
    bool m_dirty = true;
    std::vector<size_t> m_selection;
    QPolygonF m_lasso;
    bool m_lassoing = false;
    QPoint m_pressAt;
    // Hit-testing: point indices bucketed on a coarse grid over the bounds.
    static constexpr int kGrid = 128;
    std::vector<std::vector<uint32_t>> m_grid;
};

} // namespace audioset::ui

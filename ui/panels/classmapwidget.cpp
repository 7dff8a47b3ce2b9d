#include "classmapwidget.h"

#include "textparse.h"

#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <algorithm>
#include <cmath>

namespace audioset::ui {

namespace {
constexpr int kMargin = 8;
}

ClassMapWidget::ClassMapWidget(QWidget *parent)
    : QWidget(parent) {
    setMouseTracking(true);
    setMinimumSize(240, 240);
    setToolTip(tr("Hover for a segment, click to open it, Shift+drag to select"));
}

void ClassMapWidget::setMap(std::shared_ptr<const ClassMap> map) {
    m_map = std::move(map);
    m_selection.clear();
    m_bounds = {};
    if (m_map && !m_map->points.empty()) {
        float minX = m_map->points[0].x, maxX = minX, minY = m_map->points[0].y, maxY = minY;
        for (const auto &p : m_map->points) {
            minX = std::min(minX, p.x);
            maxX = std::max(maxX, p.x);
            minY = std::min(minY, p.y);
            maxY = std::max(maxY, p.y);
        }
        m_bounds = QRectF(minX, minY, std::max(1e-3f, maxX - minX), std::max(1e-3f, maxY - minY));
    }
    buildGrid();
    m_dirty = true;
    update();
    Q_EMIT selectionChanged(0);
}

QPointF ClassMapWidget::toWidget(const ClassMap::Point &point) const {
    const double w = width() - 2 * kMargin, h = height() - 2 * kMargin;
    return {kMargin + (point.x - m_bounds.left()) / m_bounds.width() * w,
            kMargin + (1.0 - (point.y - m_bounds.top()) / m_bounds.height()) * h};
}

void ClassMapWidget::buildGrid() {
    m_grid.assign(kGrid * kGrid, {});
    if (!m_map) return;
    for (size_t i = 0; i < m_map->points.size(); ++i) {
        const auto &p = m_map->points[i];
        const int gx =
            std::clamp(int((p.x - m_bounds.left()) / m_bounds.width() * kGrid), 0, kGrid - 1);
        const int gy =
            std::clamp(int((p.y - m_bounds.top()) / m_bounds.height() * kGrid), 0, kGrid - 1);
        m_grid[size_t(gy * kGrid + gx)].push_back(uint32_t(i));
    }
}

long ClassMapWidget::pointAt(const QPoint &position) const {
    if (!m_map || m_map->points.empty()) return -1;
    const double w = width() - 2 * kMargin, h = height() - 2 * kMargin;
    const double fx = (position.x() - kMargin) / w, fy = 1.0 - (position.y() - kMargin) / h;
    const int gx = int(fx * kGrid), gy = int(fy * kGrid);
    long best = -1;
    double bestDistance = 36.0; // 6 px, squared
    for (int y = gy - 1; y <= gy + 1; ++y)
        for (int x = gx - 1; x <= gx + 1; ++x) {
            if (x < 0 || y < 0 || x >= kGrid || y >= kGrid) continue;
            for (uint32_t i : m_grid[size_t(y * kGrid + x)]) {
                const QPointF at = toWidget(m_map->points[i]);
                const double d =
                    std::pow(at.x() - position.x(), 2) + std::pow(at.y() - position.y(), 2);
                if (d < bestDistance) {
                    bestDistance = d;
                    best = long(i);
                }
            }
        }
    return best;
}

// Densities per pixel, drawn with a log scale: a million points stay readable.
void ClassMapWidget::render() {
    m_image = QImage(size(), QImage::Format_RGB32);
    m_image.fill(QColor(250, 250, 250));
    m_dirty = false;
    if (!m_map) return;
    const int w = m_image.width(), h = m_image.height();
    std::vector<uint32_t> others(size_t(w) * size_t(h)), members(others.size());
    std::vector<char> selected(others.size());
    auto pixel = [&](const ClassMap::Point &p) -> long {
        const QPointF at = toWidget(p);
        const int x = int(at.x()), y = int(at.y());
        return x < 0 || y < 0 || x >= w || y >= h ? -1 : long(y) * w + x;
    };
    // Sparse maps draw each point as a 2x2 dot so that it can be seen (and hovered).
    const int dot = m_map->points.size() < 50000 ? 2 : 1;
    auto splat = [&](const ClassMap::Point &p, auto &&mark) {
        const long at = pixel(p);
        if (at < 0) return;
        for (int dy = 0; dy < dot; ++dy)
            for (int dx = 0; dx < dot; ++dx) {
                const long x = at % w + dx, y = at / w + dy;
                if (x < w && y < h) mark(size_t(y * w + x));
            }
    };
    uint32_t peak = 1;
    for (const auto &p : m_map->points)
        splat(p, [&](size_t at) {
            auto &count = (p.carries ? members : others)[at];
            peak = std::max(peak, ++count);
        });
    for (size_t i : m_selection)
        splat(m_map->points[i], [&](size_t at) { selected[at] = 1; });
    const double scale = 1.0 / std::log1p(double(peak));
    for (int y = 0; y < h; ++y) {
        auto *line = reinterpret_cast<QRgb *>(m_image.scanLine(y));
        for (int x = 0; x < w; ++x) {
            const size_t at = size_t(y) * size_t(w) + size_t(x);
            if (selected[at]) {
                line[x] = qRgb(30, 90, 220);
            } else if (members[at]) {
                const double t = 0.35 + 0.65 * std::log1p(members[at]) * scale;
                line[x] = qRgb(255 - int(t * 40), 170 - int(t * 110), 40 - int(t * 40));
            } else if (others[at]) {
                const int grey = 215 - int(150 * std::log1p(others[at]) * scale);
                line[x] = qRgb(grey, grey, grey);
            }
        }
    }
}

void ClassMapWidget::paintEvent(QPaintEvent *) {
    if (m_dirty || m_image.size() != size()) render();
    QPainter painter(this);
    painter.drawImage(0, 0, m_image);
    painter.setPen(QColor(120, 120, 120));
    painter.drawRect(rect().adjusted(0, 0, -1, -1));
    if (!m_map) {
        painter.drawText(rect(), Qt::AlignCenter, tr("No map drawn yet."));
        return;
    }
    if (m_lassoing && m_lasso.size() > 1) {
        painter.setPen(QPen(QColor(30, 90, 220), 1.5, Qt::DashLine));
        painter.drawPolyline(m_lasso);
    }
}

void ClassMapWidget::resizeEvent(QResizeEvent *) {
    m_dirty = true;
}

void ClassMapWidget::mousePressEvent(QMouseEvent *event) {
    m_pressAt = event->pos();
    if (event->button() == Qt::RightButton || event->modifiers() & Qt::ShiftModifier) {
        m_lassoing = true;
        m_lasso = QPolygonF{QPointF(event->pos())};
    }
}

void ClassMapWidget::mouseMoveEvent(QMouseEvent *event) {
    if (m_lassoing) {
        m_lasso << QPointF(event->pos());
        update();
        return;
    }
    const long i = pointAt(event->pos());
    if (i < 0) {
        QToolTip::hideText();
        return;
    }
    const auto &p = m_map->points[size_t(i)];
    QToolTip::showText(event->globalPosition().toPoint(),
                       tr("%1 at %2 s · %3")
                           .arg(QString::fromLatin1(p.ytid.data(), int(p.ytid.size())),
                                QString::fromStdString(formatMsAsSeconds(p.startMs)),
                                p.carries ? tr("has the class") : tr("does not have the class")),
                       this);
}

void ClassMapWidget::mouseReleaseEvent(QMouseEvent *event) {
    if (m_lassoing) {
        m_lassoing = false;
        if (m_lasso.size() > 2) selectInside(m_lasso);
        m_lasso.clear();
        update();
        return;
    }
    if ((event->pos() - m_pressAt).manhattanLength() > 4) return;
    const long i = pointAt(event->pos());
    if (i >= 0) Q_EMIT pointActivated(m_map->points[size_t(i)]);
}

// The lasso is filled into a mask once; each point then costs one pixel read, where testing
// a polygon of hundreds of mouse positions against a million points would stall the window.
void ClassMapWidget::selectInside(const QPolygonF &polygon) {
    m_selection.clear();
    if (m_map) {
        QImage mask(size(), QImage::Format_Grayscale8);
        mask.fill(0);
        QPainter painter(&mask);
        painter.setPen(Qt::NoPen);
        painter.setBrush(Qt::white);
        painter.drawPolygon(polygon, Qt::OddEvenFill);
        painter.end();
        for (size_t i = 0; i < m_map->points.size(); ++i) {
            const QPoint at = toWidget(m_map->points[i]).toPoint();
            if (mask.rect().contains(at) && mask.constScanLine(at.y())[at.x()] != 0)
                m_selection.push_back(i);
        }
    }
    m_dirty = true;
    update();
    Q_EMIT selectionChanged(m_selection.size());
}

} // namespace audioset::ui

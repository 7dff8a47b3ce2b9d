#include "heatmapwidget.h"

#include "colormap.h"

#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

namespace audioset::ui {

namespace {
constexpr int kLeftMargin = 34;
constexpr int kBottomMargin = 20;
constexpr int kLegendWidth = 12;
constexpr int kLegendGap = 34;

double dequantize(double q) {
    return q * 4.0 / 255.0 - 2.0;
}
} // namespace

HeatmapWidget::HeatmapWidget(QWidget *parent)
    : QWidget(parent) {
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
}

QSize HeatmapWidget::sizeHint() const {
    return {420, m_rows > 1 ? 170 : 64};
}
QSize HeatmapWidget::minimumSizeHint() const {
    return {200, m_rows > 1 ? 110 : 60};
}

void HeatmapWidget::setValues(std::vector<float> values, int rows, int columns,
                              const QString &rowName) {
    m_values = std::move(values);
    m_rows = rows;
    m_columns = columns;
    m_rowName = rowName;
    m_image = QImage(columns, rows, QImage::Format_RGB32);
    setSizePolicy(QSizePolicy::Expanding, rows > 1 ? QSizePolicy::Expanding : QSizePolicy::Maximum);
    updateGeometry();
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < columns; ++c)
            m_image.setPixel(
                c, r,
                Colormap::viridis().at(m_values[static_cast<size_t>(r * columns + c)] / 255.0));
    updateGeometry();
    update();
}

void HeatmapWidget::clear(const QString &emptyText) {
    m_values.clear();
    m_rows = m_columns = 0;
    m_image = QImage();
    m_emptyText = emptyText;
    // A message needs no more than its line; frames take what the panel gives them.
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Maximum);
    updateGeometry();
    update();
}

QRect HeatmapWidget::plotRect() const {
    return QRect(kLeftMargin, 4, width() - kLeftMargin - kLegendWidth - kLegendGap - 4,
                 height() - kBottomMargin - 8);
}

QRect HeatmapWidget::legendRect() const {
    const QRect plot = plotRect();
    return QRect(plot.right() + 10, plot.top(), kLegendWidth, plot.height());
}

void HeatmapWidget::paintEvent(QPaintEvent *) {
    QPainter painter(this);
    if (m_image.isNull()) {
        painter.setPen(palette().color(QPalette::Disabled, QPalette::Text));
        painter.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, m_emptyText);
        return;
    }
    const QRect plot = plotRect();
    painter.drawImage(plot, m_image);
    painter.setPen(palette().color(QPalette::Mid));
    painter.drawRect(plot.adjusted(0, 0, -1, -1));

    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    painter.setFont(small);
    painter.setPen(palette().color(QPalette::Text));
    // Dimension ticks under the plot.
    for (int dim : {0, 32, 64, 96, 127}) {
        const int x = plot.left() + static_cast<int>((dim + 0.5) * plot.width() / m_columns);
        painter.drawLine(x, plot.bottom() + 1, x, plot.bottom() + 4);
        painter.drawText(QRect(x - 20, plot.bottom() + 4, 40, kBottomMargin),
                         Qt::AlignHCenter | Qt::AlignTop, QString::number(dim));
    }
    // Row labels (seconds) on the left, thinned when rows are tight.
    const int step = std::max(1, 14 * m_rows / std::max(1, plot.height()));
    for (int row = 0; row < m_rows; row += step) {
        const int y = plot.top() + static_cast<int>((row + 0.5) * plot.height() / m_rows);
        painter.drawText(QRect(0, y - 8, kLeftMargin - 4, 16), Qt::AlignRight | Qt::AlignVCenter,
                         m_rows == 1 ? m_rowName : QStringLiteral("%1s").arg(row));
    }
    // Legend: the colormap from +2 (top) to -2 (bottom).
    const QRect legend = legendRect();
    for (int y = 0; y < legend.height(); ++y)
        painter.fillRect(legend.left(), legend.top() + y, legend.width(), 1,
                         QColor::fromRgb(Colormap::viridis().at(
                             1.0 - double(y) / std::max(1, legend.height() - 1))));
    painter.drawRect(legend.adjusted(0, 0, -1, -1));
    for (int value : {2, 0, -2}) {
        if (value == 0 && legend.height() < 60)
            continue; // a one-row strip has room for the ends only
        int y = legend.top() + static_cast<int>((2 - value) / 4.0 * (legend.height() - 1));
        y = std::clamp(y, 7, height() - 8); // keep the end labels inside the widget
        painter.drawText(QRect(legend.right() + 3, y - 8, kLegendGap, 16),
                         Qt::AlignLeft | Qt::AlignVCenter, QString::number(value));
    }
}

void HeatmapWidget::mouseMoveEvent(QMouseEvent *event) {
    const QRect plot = plotRect();
    const QPoint position = event->position().toPoint();
    if (m_image.isNull() || !plot.contains(position)) {
        QToolTip::hideText();
        return;
    }
    const int column =
        std::clamp((position.x() - plot.left()) * m_columns / plot.width(), 0, m_columns - 1);
    const int row = std::clamp((position.y() - plot.top()) * m_rows / plot.height(), 0, m_rows - 1);
    const float q = m_values[static_cast<size_t>(row * m_columns + column)];
    const QString where = m_rows == 1 ? m_rowName : tr("second %1").arg(row);
    QToolTip::showText(event->globalPosition().toPoint(),
                       tr("%1 · dimension %2 · q = %3 (value %4)")
                           .arg(where)
                           .arg(column)
                           .arg(q, 0, 'f', q == std::floor(q) ? 0 : 1)
                           .arg(dequantize(q), 0, 'f', 3),
                       this);
}

} // namespace audioset::ui

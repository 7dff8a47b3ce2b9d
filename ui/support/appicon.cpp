#include "appicon.h"

#include <QLinearGradient>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace audioset::ui {

QIcon appIcon() {
    QIcon icon;
    for (int size : {16, 24, 32, 48, 64, 128, 256}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        const double s = size / 64.0;
        QLinearGradient gradient(0, 0, 0, size);
        gradient.setColorAt(0, QColor(0x31, 0x68, 0x8e));
        gradient.setColorAt(1, QColor(0x44, 0x01, 0x54));
        QPainterPath tile;
        tile.addRoundedRect(QRectF(2 * s, 2 * s, 60 * s, 60 * s), 12 * s, 12 * s);
        painter.fillPath(tile, gradient);
        // Bars of a waveform in the colormap's greens and yellow.
        const int heights[] = {10, 22, 34, 44, 30, 40, 18, 26, 12};
        const QColor colours[] = {QColor(0x35, 0xb7, 0x79), QColor(0x6e, 0xce, 0x58),
                                  QColor(0xfd, 0xe7, 0x25)};
        for (int i = 0; i < 9; ++i) {
            const double x = (9 + i * 5.4) * s;
            const double h = heights[i] * s;
            painter.fillRect(QRectF(x, 32 * s - h / 2, 3.6 * s, h), colours[i % 3]);
        }
        painter.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

} // namespace audioset::ui

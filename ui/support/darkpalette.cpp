#include "darkpalette.h"

#include <QColor>

namespace audioset::ui {

bool isDark(const QPalette &palette) {
    return palette.color(QPalette::Window).lightness() < 128;
}

QPalette withReadableLinks(QPalette palette) {
    if (!isDark(palette)) return palette;
    for (QPalette::ColorRole role : {QPalette::Link, QPalette::LinkVisited})
        if (palette.color(role).lightness() < 140)
            palette.setColor(role, role == QPalette::Link ? QColor(0x8a, 0xb4, 0xf8)
                                                          : QColor(0xc5, 0x8a, 0xf9));
    return palette;
}

} // namespace audioset::ui

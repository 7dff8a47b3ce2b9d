#pragma once

#include <QPalette>

namespace audioset::ui {

/// True when the palette draws light text on a dark window.
bool isDark(const QPalette &palette);
/// The palette with links that can be read: many dark palettes keep Qt's default dark-blue
/// link colour, which disappears on a dark window.
QPalette withReadableLinks(QPalette palette);

} // namespace audioset::ui

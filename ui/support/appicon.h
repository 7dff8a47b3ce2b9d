#pragma once

#include <QIcon>

namespace audioset::ui {

/// The application icon (a waveform on a rounded tile), drawn in code so that no image plugin
/// is needed; resources/ holds the same design as SVG for the desktop.
QIcon appIcon();

} // namespace audioset::ui

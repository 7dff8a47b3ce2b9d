#pragma once

#include <QString>

namespace audioset::ui {

/// Where the browser keeps its indexes and the demo data: ~/.local/share/audioset-browser
/// (the same place scripts/browse uses).
QString appDataDir();
QString demoDataDir();
QString demoIndexPath();
/// The index file for a release folder: its absolute path with '/' turned into '_'.
QString indexPathForRelease(const QString &releaseDir);

} // namespace audioset::ui

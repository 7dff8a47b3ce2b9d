#pragma once

#include <QColor>
#include <QVector>

namespace audioset::ui {

/// A perceptually uniform colormap (viridis), as a 256-entry lookup table.
class Colormap {
public:
    static const Colormap &viridis();
    /// The colour of `t` in [0, 1] (clamped).
    QRgb at(double t) const;
    QRgb at(int index) const { return m_table[index < 0 ? 0 : (index > 255 ? 255 : index)]; }

private:
    Colormap();
    QVector<QRgb> m_table;
};

} // namespace audioset::ui

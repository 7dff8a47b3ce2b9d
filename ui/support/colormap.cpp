#include "colormap.h"

#include <array>
#include <cmath>

namespace audioset::ui {

namespace {
// Anchor colours of viridis at t = 0, 1/8, ..., 1; linear in between.
constexpr std::array<QRgb, 9> kViridisAnchors{0xff440154, 0xff482878, 0xff3e4989,
                                              0xff31688e, 0xff26828e, 0xff1f9e89,
                                              0xff35b779, 0xff6ece58, 0xfffde725};
} // namespace

Colormap::Colormap() {
    m_table.resize(256);
    for (int i = 0; i < 256; ++i) {
        const double position = i / 255.0 * (kViridisAnchors.size() - 1);
        const int low =
            std::min(static_cast<int>(position), static_cast<int>(kViridisAnchors.size()) - 2);
        const double f = position - low;
        const QColor a = QColor::fromRgb(kViridisAnchors[static_cast<size_t>(low)]);
        const QColor b = QColor::fromRgb(kViridisAnchors[static_cast<size_t>(low) + 1]);
        m_table[i] = qRgb(qRound(a.red() + (b.red() - a.red()) * f),
                          qRound(a.green() + (b.green() - a.green()) * f),
                          qRound(a.blue() + (b.blue() - a.blue()) * f));
    }
}

const Colormap &Colormap::viridis() {
    static const Colormap instance;
    return instance;
}

QRgb Colormap::at(double t) const {
    if (!std::isfinite(t)) t = 0;
    return at(static_cast<int>(std::lround(std::clamp(t, 0.0, 1.0) * 255.0)));
}

} // namespace audioset::ui

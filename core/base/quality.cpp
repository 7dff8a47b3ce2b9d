#include "quality.h"

#include <algorithm>
#include <cmath>

namespace audioset {

namespace {
constexpr double kZ95 = 1.959963984540054;
}

std::optional<double> QualityAssessment::estimate() const {
    if (rated <= 0) return std::nullopt;
    return static_cast<double>(trueCount) / static_cast<double>(rated);
}

std::optional<std::pair<double, double>> QualityAssessment::wilson95() const {
    if (rated <= 0) return std::nullopt;
    return wilsonInterval(trueCount, rated, kZ95);
}

std::pair<double, double> wilsonInterval(int64_t successes, int64_t trials, double z) {
    const double n = static_cast<double>(trials);
    const double p = static_cast<double>(successes) / n;
    const double z2 = z * z;
    const double denominator = 1.0 + z2 / n;
    const double centre = (p + z2 / (2.0 * n)) / denominator;
    const double half = z * std::sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n)) / denominator;
    // Snap away the last-bit rounding error so that 10/10 ends at exactly 100%.
    auto tidy = [](double value) { return std::round(value * 1e12) / 1e12; };
    return {std::max(0.0, tidy(centre - half)), std::min(1.0, tidy(centre + half))};
}

} // namespace audioset

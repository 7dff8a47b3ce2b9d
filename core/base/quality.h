#pragma once

#include <cstdint>
#include <optional>
#include <utility>

namespace audioset {

/// A class's label-quality assessment: experts checked `rated` segments, `trueCount` held the
/// sound. With ~10 ratings the uncertainty matters as much as the estimate.
struct QualityAssessment {
    int64_t rated = 0;
    int64_t trueCount = 0;

    /// trueCount / rated, or nothing for a class rated 0 times (never 0%).
    std::optional<double> estimate() const;
    /// The Wilson score interval at 95%, or nothing when unrated.
    std::optional<std::pair<double, double>> wilson95() const;
};

/// Wilson score interval for `successes` out of `trials` at normal quantile `z`.
std::pair<double, double> wilsonInterval(int64_t successes, int64_t trials, double z);

} // namespace audioset

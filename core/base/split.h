#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace audioset {

/// One of the three AudioSet release splits; the integer value is what the index stores.
enum class Split : int { Eval = 0, BalancedTrain = 1, UnbalancedTrain = 2 };

inline constexpr int kSplitCount = 3;
inline constexpr std::array<Split, kSplitCount> kAllSplits{Split::Eval, Split::BalancedTrain,
                                                           Split::UnbalancedTrain};

/// "eval", "balanced_train", "unbalanced_train": the names the CLI and JSON use.
std::string_view splitName(Split split);
/// "eval_segments", ...: the segment CSV's file name without ".csv".
std::string_view splitCsvStem(Split split);
/// "eval", "bal_train", "unbal_train": the folder name inside the features tarball.
std::string_view splitFeatureFolder(Split split);
std::optional<Split> splitFromName(std::string_view name);
std::optional<Split> splitFromFeatureFolder(std::string_view folder);

inline int splitIndex(Split split) {
    return static_cast<int>(split);
}

} // namespace audioset

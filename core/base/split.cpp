#include "split.h"

namespace audioset {

namespace {
struct SplitNames {
    std::string_view name;
    std::string_view csvStem;
    std::string_view featureFolder;
};
constexpr std::array<SplitNames, kSplitCount> kNames{{
    {"eval", "eval_segments", "eval"},
    {"balanced_train", "balanced_train_segments", "bal_train"},
    {"unbalanced_train", "unbalanced_train_segments", "unbal_train"},
}};
} // namespace

std::string_view splitName(Split split) {
    return kNames[splitIndex(split)].name;
}
std::string_view splitCsvStem(Split split) {
    return kNames[splitIndex(split)].csvStem;
}
std::string_view splitFeatureFolder(Split split) {
    return kNames[splitIndex(split)].featureFolder;
}

std::optional<Split> splitFromName(std::string_view name) {
    for (Split split : kAllSplits)
        if (splitName(split) == name) return split;
    return std::nullopt;
}

std::optional<Split> splitFromFeatureFolder(std::string_view folder) {
    for (Split split : kAllSplits)
        if (splitFeatureFolder(split) == folder) return split;
    return std::nullopt;
}

} // namespace audioset

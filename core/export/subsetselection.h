#pragma once

#include "outcome.h"
#include "split.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace audioset {

/// A class to include or exclude, optionally with all its descendants ("MID+" on the CLI).
struct ClassRule {
    std::string mid;
    bool withDescendants = false;

    /// Parses "MID" or "MID+".
    static ClassRule parse(const std::string &text);
    std::string toString() const { return withDescendants ? mid + "+" : mid; }
};

/// Which segments a subset holds: built from classes and rules, not by hand.
struct SubsetSelection {
    std::vector<ClassRule> include;   // empty: every label class
    std::vector<ClassRule> exclude;   // a segment with any excluded label is dropped
    std::vector<Split> splits;        // empty: all splits
    std::optional<bool> rerated;      // only rerated / only not rerated
    std::optional<double> minQuality; // keep included classes whose quality is at least this
    bool qualityOnWilsonLowerBound = false;
    bool requireEmbeddings = false;
    bool requireAudio = false;          // only segments a scanned local audio file matches
    std::optional<int64_t> perClassMax; // seeded random sample of at most N per class
    std::optional<int64_t> balancedMin; // at least N per class, as few segments as possible
    uint64_t seed = 0;

    /// JSON for saved selections and the manifest; fromJson fails with what is wrong.
    std::string toJson() const;
    static Outcome fromJson(const std::string &json, SubsetSelection &out);
};

} // namespace audioset

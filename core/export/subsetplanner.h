#pragma once

#include "outcome.h"
#include "progress.h"
#include "split.h"
#include "subsetselection.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace audioset {

class Catalog;

/// One included class in a planned subset: how many of its segments the subset holds.
struct PlannedClass {
    int classId = -1;
    std::string mid;
    std::string name;
    std::array<int64_t, kSplitCount> segments{}; // segments labelled with it = its positive labels
    // With a per-class cap: of those, the ones drawn for this class; the rest were drawn for
    // another class and carry this one too. Equal to `segments` otherwise.
    std::array<int64_t, kSplitCount> drawnForIt{};
    std::optional<double> quality; // the estimate, when it has one
};

/// What a selection resolves to: the segment ids and what writing them means.
struct SubsetPlan {
    std::vector<uint32_t> segmentIds; // sorted
    std::vector<PlannedClass> classes;
    std::optional<int64_t> perClassMax; // the selection's cap, when it has one
    std::array<int64_t, kSplitCount> segmentsPerSplit{};
    std::array<int64_t, kSplitCount> positiveLabelsPerSplit{}; // every label of every segment
    double expectedCorrectLabels = 0;  // sum over labels of the class's quality estimate
    int64_t labelsWithoutEstimate = 0; // labels of classes never rated
};

/// Resolves `selection` against the index. Per split: included classes (with descendants where
/// asked, then the quality threshold), minus segments with an excluded label, the rerated and
/// embedding filters, then the per-class cap (a seeded random sample) or the balanced rule (at
/// least N per class with as few segments as possible, rarest classes first). Deterministic for
/// a seed. Fails for a bad selection (an unknown class id); `progress` can cancel it between
/// splits (a stale preview stops instead of running to the end).
Outcome planSubset(Catalog &catalog, const SubsetSelection &selection, SubsetPlan &plan,
                   const ProgressCallback &progress = {});

} // namespace audioset

#pragma once

#include "catalog.h"
#include "outcome.h"

#include <cstdint>
#include <string>
#include <vector>

namespace audioset {

/// What to review: a class in a split, its own segments or with its descendants', how many
/// (10, as the experts rated) and the seed of the random order.
struct ReviewSampleSpec {
    std::string classMid;
    Split split = Split::Eval;
    bool rollup = false;
    int64_t size = 10;
    uint64_t seed = 1;
};

/// The segments a review walks, in order: a seeded random sample (splitmix64 and Fisher-Yates,
/// the same on every machine for the same index). Fails for an unknown class.
Outcome sampleForReview(Catalog &catalog, const ReviewSampleSpec &spec,
                        std::vector<SegmentRow> &sample);

} // namespace audioset

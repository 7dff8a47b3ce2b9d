#pragma once

#include "outcome.h"
#include "progress.h"
#include "split.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace audioset {

class Catalog;
class SimilarityIndex;

/// A class's segments in a split and their neighbourhood, projected to 2-D by PCA: the two
/// directions of largest variance of the points shown.
struct ClassMap {
    struct Point {
        float x = 0, y = 0;
        uint32_t segmentId = 0;
        bool carries = false; // labelled with the class or a descendant
        std::array<char, 11> ytid{};
        int64_t startMs = 0;
    };
    std::string classMid;
    Split split = Split::Eval;
    std::vector<Point> points;
    double explained = 0; // share of the variance the two axes carry
};

/// The class's segments in `split` (at most `maxPoints` / 2, an even sample when there are
/// more) and as many of the split's other segments, evenly sampled, so the map shows where the
/// class sits among the rest. Fails for an unknown class or one with no vectors in the split.
Outcome mapClass(Catalog &catalog, const SimilarityIndex &index, const std::string &classMid,
                 Split split, size_t maxPoints, const ProgressCallback &progress, ClassMap &out);

} // namespace audioset

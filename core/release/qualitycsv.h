#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace audioset {

class ClassGraph;
class Diagnostics;

/// One row of qa_true_counts.csv.
struct QualityRating {
    int classId = -1;
    int64_t rated = 0;
    int64_t trueCount = 0;
};

/// qa_true_counts.csv: label_id is a class id (/m/...) or an integer label index. Every bad row
/// is reported as FILE:LINE; returns false only when the file could not be read at all.
bool loadQualityCsv(const std::string &path, ClassGraph &graph, std::vector<QualityRating> &out,
                    Diagnostics &diagnostics);

} // namespace audioset

#pragma once

#include <cstdint>
#include <string>

namespace audioset {

class ClassGraph;
class Diagnostics;

/// The largest label index accepted: far beyond the release's 526, well inside int.
inline constexpr int64_t kMaxLabelIndex = 1'000'000;

/// class_labels_indices.csv: marks label classes with their index; a label the ontology does
/// not define is added as a class of its own. Every bad row is reported as FILE:LINE; returns
/// false only when the file could not be read at all.
bool loadLabelIndexCsv(const std::string &path, ClassGraph &graph, Diagnostics &diagnostics);

} // namespace audioset

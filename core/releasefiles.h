#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace audioset {

class ClassGraph;
class Diagnostics;
class ReratedSet;

/// Loaders for the release's small metadata files. Each streams its file, reports every bad
/// entry as FILE:LINE (or byte offset for JSON) and keeps going; each returns false only when
/// the file could not be read at all.

/// ontology.json: adds every class and resolves the DAG's edges.
bool loadOntologyJson(const std::string &path, ClassGraph &graph, Diagnostics &diagnostics);

/// class_labels_indices.csv: marks label classes with their index; a label the ontology does
/// not define is added as a class of its own.
bool loadLabelIndexCsv(const std::string &path, ClassGraph &graph, Diagnostics &diagnostics);

/// One row of qa_true_counts.csv.
struct QualityRating {
    int classId = -1;
    int64_t rated = 0;
    int64_t trueCount = 0;
};

/// qa_true_counts.csv: label_id is a class id (/m/...) or an integer label index.
bool loadQualityCsv(const std::string &path, ClassGraph &graph, std::vector<QualityRating> &out,
                    Diagnostics &diagnostics);

/// rerated_video_ids.txt: one YouTube id per line.
bool loadReratedIds(const std::string &path, ReratedSet &out, Diagnostics &diagnostics);

} // namespace audioset

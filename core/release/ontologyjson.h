#pragma once

#include <string>

namespace audioset {

class ClassGraph;
class Diagnostics;

/// ontology.json: adds every class and resolves the DAG's edges. A bad entry is reported and
/// skipped; returns false when the file cannot be read at all (not JSON, not an array).
bool loadOntologyJson(const std::string &path, ClassGraph &graph, Diagnostics &diagnostics);

} // namespace audioset

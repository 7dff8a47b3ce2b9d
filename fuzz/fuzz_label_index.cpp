// class_labels_indices.csv.
#include "classgraph.h"
#include "diagnostics.h"
#include "fuzzinput.h"
#include "labelindexcsv.h"

using namespace audioset;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    ClassGraph graph;
    Diagnostics diagnostics;
    loadLabelIndexCsv(fuzz::inputFile(data, size, "class_labels_indices.csv"), graph, diagnostics);
    for (size_t id = 0; id < graph.size(); ++id)
        if (graph.at(static_cast<int>(id)).labelIndex > 1'000'000) __builtin_trap();
    return 0;
}

// ontology.json.
#include "classgraph.h"
#include "diagnostics.h"
#include "fuzzinput.h"
#include "ontologyjson.h"

using namespace audioset;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    ClassGraph graph;
    Diagnostics diagnostics;
    if (loadOntologyJson(fuzz::inputFile(data, size, "ontology.json"), graph, diagnostics)) {
        // Whatever was read is a DAG: no class is its own strict ancestor.
        for (size_t id = 0; id < graph.size(); ++id)
            if (graph.isStrictAncestor(static_cast<int>(id), static_cast<int>(id)))
                __builtin_trap();
    }
    return 0;
}

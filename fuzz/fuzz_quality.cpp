// qa_true_counts.csv, against a small label index.
#include "classgraph.h"
#include "diagnostics.h"
#include "fuzzinput.h"
#include "qualitycsv.h"

using namespace audioset;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    ClassGraph graph;
    for (int i = 0; i < 8; ++i) {
        ClassRecord record;
        record.mid = "/m/" + std::to_string(i);
        record.labelIndex = i;
        graph.add(std::move(record));
    }
    Diagnostics diagnostics;
    std::vector<QualityRating> ratings;
    loadQualityCsv(fuzz::inputFile(data, size, "qa_true_counts.csv"), graph, ratings, diagnostics);
    for (const QualityRating &rating : ratings)
        if (rating.classId < 0 || rating.classId >= 8 || rating.trueCount > rating.rated)
            __builtin_trap();
    return 0;
}

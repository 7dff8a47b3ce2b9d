// A whole segment CSV file (plain or gzip), streamed into an in-memory index as the indexer does.
#include "classgraph.h"
#include "diagnostics.h"
#include "fuzzinput.h"
#include "labelstatistics.h"
#include "reratedset.h"
#include "schema.h"
#include "segmentloader.h"
#include "sqlitedb.h"

using namespace audioset;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static Database db(":memory:", Database::Mode::ReadWriteCreate);
    static const bool ready = [] {
        recreateMetadataTables(db);
        return true;
    }();
    (void)ready;
    ClassGraph graph;
    ReratedSet rerated;
    rerated.finish();
    Diagnostics diagnostics;
    LabelStatistics statistics(graph);
    SplitFileSummary summary;
    summary.path = fuzz::inputFile(data, size, "segments.csv");
    SegmentLoader loader(db, graph, rerated, diagnostics);
    db.exec("BEGIN");
    loader.load(summary, statistics, [](uint64_t) { return true; });
    db.exec("ROLLBACK");
    if (diagnostics.detailed().size() > Diagnostics::kDetailedLimit + 2) __builtin_trap();
    return 0;
}

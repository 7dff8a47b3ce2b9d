// One line of a segment CSV: a data row, or a '#' header line.
#include "fuzzinput.h"
#include "segmentcsv.h"

using namespace audioset;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const std::string_view line = fuzz::text(data, size);
    if (!line.empty() && line.front() == '#') {
        SegmentCsvHeader header;
        parseSegmentHeaderLine(line, header);
        return 0;
    }
    SegmentLine row;
    if (!parseSegmentLine(line, row)) {
        // A row that parses is well formed: a valid id, an end after its start, labels.
        if (row.ytid.size() != 11 || row.endMs <= row.startMs || row.labels.empty())
            __builtin_trap();
    }
    return 0;
}

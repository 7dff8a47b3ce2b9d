#pragma once

#include "segmentcsv.h"
#include "split.h"

#include <cstdint>
#include <string>

namespace audioset {

/// What one segment CSV held: where its rows went and what its header claimed.
struct SplitFileSummary {
    Split split = Split::Eval;
    std::string path;
    SegmentCsvHeader header;
    uint32_t firstSegmentId = 0;
    int64_t segmentCount = 0;
    int64_t skippedRows = 0;
    int64_t distinctYtids = 0;
    int64_t reratedSegments = 0;
    // The file's rows were in (ytid, start) order, as the release writes them. The index keeps
    // them in that order either way.
    bool sortedByYtid = true;
    bool unreadable = false; // not even the first line could be read
};

} // namespace audioset

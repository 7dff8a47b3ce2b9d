#pragma once

#include "diagnostics.h"
#include "linereader.h"
#include "segmentcsv.h"

#include <cstdint>
#include <string>

namespace audioset {

/// One pass over lines of a segment CSV, shared by the reading thread and its helper: `#` lines
/// go into `header` (each field as the last line that set it), malformed rows become problems
/// through `sink` (for lines from `reportFrom` on) and are counted in `skippedRows`, and each
/// valid row goes to `onRow(row, lineNumber)`. Returns false when `onRow` or the sink's
/// `tick()` ends the pass early. `Sink` has `problem(kind, line, message)` and
/// `tick(reader)`, called before each line.
template <typename Sink, typename OnRow>
bool scanSegmentLines(LineReader &reader, Sink &sink, SegmentCsvHeader &header,
                      int64_t &skippedRows, uint64_t reportFrom, OnRow &&onRow) {
    std::string_view line;
    SegmentLine row;
    while (reader.next(line)) {
        if (!sink.tick(reader)) return false;
        const uint64_t lineNumber = reader.lineNumber();
        const bool report = lineNumber >= reportFrom;
        if (line.empty()) continue;
        if (line.front() == '#') {
            if (auto error = parseSegmentHeaderLine(line, header); error && report)
                sink.problem(ProblemKind::BadHeader, lineNumber, std::move(*error));
            continue;
        }
        if (auto error = parseSegmentLine(line, row)) {
            if (report) sink.problem(error->kind, lineNumber, std::move(error->message));
            ++skippedRows;
            continue;
        }
        if (!onRow(row, lineNumber)) return false;
    }
    return true;
}

} // namespace audioset

#pragma once

#include "diagnostics.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace audioset {

/// One data row of a segment CSV, as views into the line it came from.
struct SegmentLine {
    std::string_view ytid;
    int64_t startMs = 0;
    int64_t endMs = 0;
    std::string_view labels; // "mid1,mid2" without the quotes, checked to be non-empty items
};

/// Why a row could not be read.
struct SegmentLineError {
    ProblemKind kind;
    std::string message;
};

/// The statistics a segment CSV claims in its "# num_ytids=..., num_segs=..." header line.
struct SegmentCsvHeader {
    std::string createdLine; // "# Segments csv created ..." as written
    std::optional<int64_t> numYtids;
    std::optional<int64_t> numSegs;
    std::optional<int64_t> numUniqueLabels;
    std::optional<int64_t> numPositiveLabels;
};

/// Calls `visit(mid)` for each item of a label list "mid1,mid2", in order; stops and returns
/// false as soon as `visit` does.
template <typename Visit> bool forEachLabelMid(std::string_view labels, Visit &&visit) {
    size_t start = 0;
    for (;;) {
        const size_t comma = labels.find(',', start);
        if (!visit(labels.substr(start, comma == std::string_view::npos ? std::string_view::npos
                                                                        : comma - start)))
            return false;
        if (comma == std::string_view::npos) return true;
        start = comma + 1;
    }
}

/// Parses `YTID, start, end, "mid1,mid2"`. Knows the release's quirk that the quoted label list
/// follows ", " so a plain CSV reader would split it. Returns an error for a malformed row.
std::optional<SegmentLineError> parseSegmentLine(std::string_view line, SegmentLine &out);

/// Reads a `#` comment line into `header` where it is one of the known header lines.
/// Returns an error message when a statistics line is present but unreadable.
std::optional<std::string> parseSegmentHeaderLine(std::string_view line, SegmentCsvHeader &header);

} // namespace audioset

#include "segmentcsv.h"

#include "textparse.h"
#include "youtubeid.h"

#include <algorithm>

namespace audioset {

namespace {

// For a row with fewer than three commas: how many comma-separated fields it has.
SegmentLineError tooFewFieldsError(std::string_view line) {
    const size_t fields = 1 + static_cast<size_t>(std::count(line.begin(), line.end(), ','));
    return {ProblemKind::FieldCount,
            "expected 4 fields (YTID, start_seconds, end_seconds, \"labels\"), found " +
                std::to_string(fields)};
}

// Takes the text up to the next comma off `rest`; false when there is no comma.
bool takeField(std::string_view &rest, std::string_view &field) {
    const size_t comma = rest.find(',');
    if (comma == std::string_view::npos) return false;
    field = trimSpaces(rest.substr(0, comma));
    rest.remove_prefix(comma + 1);
    return true;
}

std::optional<SegmentLineError> checkLabelItems(std::string_view labels) {
    if (labels.empty())
        return SegmentLineError{ProblemKind::BadLabelList, "the label list is empty"};
    std::optional<SegmentLineError> error;
    forEachLabelMid(labels, [&](std::string_view item) {
        if (item.empty()) {
            error = SegmentLineError{ProblemKind::BadLabelList, "empty label in the label list"};
        } else {
            for (char c : item)
                if (c == ' ' || c == '"' || c == '\t') {
                    error = SegmentLineError{ProblemKind::BadLabelList,
                                             "label '" + std::string(item) +
                                                 "' contains a space or a quote"};
                    break;
                }
        }
        return !error;
    });
    return error;
}

} // namespace

std::optional<SegmentLineError> parseSegmentLine(std::string_view line, SegmentLine &out) {
    std::string_view rest = line;
    std::string_view ytid, start, end;
    if (!takeField(rest, ytid) || !takeField(rest, start) || !takeField(rest, end))
        return tooFewFieldsError(line);
    rest = trimSpaces(rest);

    std::string_view labels;
    if (!rest.empty() && rest.front() == '"') {
        const size_t close = rest.find('"', 1);
        if (close == std::string_view::npos)
            return SegmentLineError{ProblemKind::BadLabelList,
                                    "the label list's quote is not closed"};
        if (const auto after = trimSpaces(rest.substr(close + 1)); !after.empty())
            return SegmentLineError{ProblemKind::FieldCount,
                                    "expected the row to end after the quoted label list, found '" +
                                        excerpt(after) + "' after it"};
        labels = rest.substr(1, close - 1);
    } else {
        if (rest.find(',') != std::string_view::npos)
            return SegmentLineError{ProblemKind::FieldCount,
                                    "expected the fourth field to be one quoted label list, found "
                                    "the unquoted '" +
                                        excerpt(rest) + "' with commas in it"};
        labels = rest;
    }

    if (!isValidYoutubeId(ytid))
        return SegmentLineError{ProblemKind::BadYoutubeId,
                                "'" + std::string(ytid) +
                                    "' is not a YouTube id (11 characters of A-Z a-z 0-9 _ -)"};
    const auto startMs = parseSecondsToMs(start);
    if (!startMs)
        return SegmentLineError{
            ProblemKind::BadNumber,
            "start_seconds '" + excerpt(start) +
                "' is not a number; expected seconds such as 30.000 (0 to 1e9, no sign or "
                "exponent)"};
    const auto endMs = parseSecondsToMs(end);
    if (!endMs)
        return SegmentLineError{
            ProblemKind::BadNumber,
            "end_seconds '" + excerpt(end) +
                "' is not a number; expected seconds such as 40.000 (0 to 1e9, no sign or "
                "exponent)"};
    if (*endMs <= *startMs)
        return SegmentLineError{ProblemKind::EndBeforeStart, "end " + std::string(end) +
                                                                 " is not after start " +
                                                                 std::string(start)};
    if (auto error = checkLabelItems(labels)) return error;

    out.ytid = ytid;
    out.startMs = *startMs;
    out.endMs = *endMs;
    out.labels = labels;
    return std::nullopt;
}

std::optional<std::string> parseSegmentHeaderLine(std::string_view line, SegmentCsvHeader &header) {
    const std::string_view body = trimSpaces(line.substr(1));
    if (body.rfind("Segments csv created", 0) == 0) {
        header.createdLine = std::string(line);
        return std::nullopt;
    }
    if (body.find("num_segs=") == std::string_view::npos &&
        body.find("num_ytids=") == std::string_view::npos)
        return std::nullopt; // the column-name line, or another comment

    std::string_view rest = body;
    while (!rest.empty()) {
        const size_t comma = rest.find(',');
        const std::string_view item = trimSpaces(rest.substr(0, comma));
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        const size_t equals = item.find('=');
        if (equals == std::string_view::npos)
            return "header item '" + std::string(item) + "' is not key=value";
        const std::string_view key = item.substr(0, equals);
        const auto value = parseNonNegativeInt(item.substr(equals + 1));
        if (!value) return "header value of '" + std::string(key) + "' is not a whole number";
        if (key == "num_ytids")
            header.numYtids = value;
        else if (key == "num_segs")
            header.numSegs = value;
        else if (key == "num_unique_labels")
            header.numUniqueLabels = value;
        else if (key == "num_positive_labels")
            header.numPositiveLabels = value;
    }
    return std::nullopt;
}

} // namespace audioset

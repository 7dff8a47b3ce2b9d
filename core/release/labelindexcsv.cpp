#include "labelindexcsv.h"

#include "classgraph.h"
#include "diagnostics.h"
#include "linereader.h"
#include "releasetext.h"
#include "textparse.h"

#include <unordered_map>

namespace audioset {

bool loadLabelIndexCsv(const std::string &path, ClassGraph &graph, Diagnostics &diagnostics) {
    LineReader reader;
    if (!openOrReport(reader, path, diagnostics)) return false;
    std::unordered_map<int64_t, uint64_t> seenIndex; // index -> line
    std::string_view line;
    while (reader.next(line)) {
        if (trimSpaces(line).empty()) continue;
        const uint64_t lineNumber = reader.lineNumber();
        const auto fields = splitCsvLine(line);
        auto report = [&](std::string message) {
            diagnostics.report(ProblemKind::BadLabelIndexRow, path, lineNumber, std::move(message));
        };
        if (!fields) {
            report("a quoted field is not closed");
            continue;
        }
        if (lineNumber == 1 && isHeaderRow(*fields, "index")) continue;
        if (fields->size() != 3) {
            report("expected 3 fields (index,mid,display_name), found " +
                   std::to_string(fields->size()));
            continue;
        }
        const auto index = parseNonNegativeInt(trimSpaces((*fields)[0]));
        if (!index || *index > kMaxLabelIndex) {
            report("index '" + excerpt((*fields)[0]) + "' is not a whole number from 0 to " +
                   std::to_string(kMaxLabelIndex));
            continue;
        }
        const std::string mid(trimSpaces((*fields)[1]));
        if (mid.empty()) {
            report("the mid is empty");
            continue;
        }
        if (const auto previous = seenIndex.find(*index); previous != seenIndex.end()) {
            report("index " + std::to_string(*index) + " was already given on line " +
                   std::to_string(previous->second));
            continue;
        }
        int id = graph.find(mid);
        if (id < 0) {
            ClassRecord record;
            record.mid = mid;
            record.name = (*fields)[2].empty() ? mid : (*fields)[2];
            id = graph.add(std::move(record));
        } else if (graph.at(id).labelIndex >= 0) {
            report("class " + mid + " already has label index " +
                   std::to_string(graph.at(id).labelIndex));
            continue;
        }
        graph.at(id).labelIndex = static_cast<int>(*index);
        seenIndex.emplace(*index, lineNumber);
    }
    return finishReading(reader, path, diagnostics);
}

} // namespace audioset

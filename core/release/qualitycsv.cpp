#include "qualitycsv.h"

#include "classgraph.h"
#include "diagnostics.h"
#include "labelindexcsv.h"
#include "linereader.h"
#include "releasetext.h"
#include "textparse.h"

#include <unordered_map>

namespace audioset {

bool loadQualityCsv(const std::string &path, ClassGraph &graph, std::vector<QualityRating> &out,
                    Diagnostics &diagnostics) {
    LineReader reader;
    if (!openOrReport(reader, path, diagnostics)) return false;
    std::unordered_map<int, int> byLabelIndex;
    for (size_t id = 0; id < graph.size(); ++id)
        if (graph.at(static_cast<int>(id)).labelIndex >= 0)
            byLabelIndex.emplace(graph.at(static_cast<int>(id)).labelIndex, static_cast<int>(id));
    std::unordered_map<int, uint64_t> seenClass;

    std::string_view line;
    while (reader.next(line)) {
        if (trimSpaces(line).empty()) continue;
        const uint64_t lineNumber = reader.lineNumber();
        auto report = [&](std::string message) {
            diagnostics.report(ProblemKind::BadQualityRow, path, lineNumber, std::move(message));
        };
        const auto fields = splitCsvLine(line);
        if (!fields) {
            report("a quoted field is not closed");
            continue;
        }
        if (lineNumber == 1 && isHeaderRow(*fields, "label_id")) continue;
        if (fields->size() != 3) {
            report("expected 3 fields (label_id,num_rated,num_true), found " +
                   std::to_string(fields->size()));
            continue;
        }
        const std::string label(trimSpaces((*fields)[0]));
        int classId = graph.find(label);
        if (classId < 0) {
            if (const auto index = parseNonNegativeInt(label); index && *index <= kMaxLabelIndex) {
                const auto it = byLabelIndex.find(static_cast<int>(*index));
                classId = it == byLabelIndex.end() ? -1 : it->second;
            }
        }
        if (classId < 0) {
            report("label_id '" + excerpt(label) +
                   "' is neither a known class id nor a label index of class_labels_indices.csv");
            continue;
        }
        const std::string ratedText(trimSpaces((*fields)[1]));
        const std::string trueText(trimSpaces((*fields)[2]));
        const auto rated = parseNonNegativeInt(ratedText);
        const auto trueCount = parseNonNegativeInt(trueText);
        if (!rated || !trueCount) {
            report("num_rated '" + excerpt(ratedText) + "' and num_true '" + excerpt(trueText) +
                   "': expected two whole numbers from 0 to 999999999999999999");
            continue;
        }
        if (*trueCount > *rated) {
            report("num_true " + std::to_string(*trueCount) + " exceeds num_rated " +
                   std::to_string(*rated));
            continue;
        }
        if (const auto previous = seenClass.find(classId); previous != seenClass.end()) {
            report("class " + graph.at(classId).mid + " was already rated on line " +
                   std::to_string(previous->second));
            continue;
        }
        seenClass.emplace(classId, lineNumber);
        out.push_back({classId, *rated, *trueCount});
    }
    return finishReading(reader, path, diagnostics);
}

} // namespace audioset

#include "classgraph.h"
#include "diagnostics.h"
#include "linereader.h"
#include "releasefiles.h"
#include "reratedset.h"
#include "textparse.h"
#include "youtubeid.h"

#include <unordered_map>

namespace audioset {

namespace {

bool openOrReport(LineReader &reader, const std::string &path, Diagnostics &diagnostics) {
    if (reader.open(path)) return true;
    diagnostics.report(ProblemKind::UnreadableFile, path, kWholeFile,
                       "cannot read: " + reader.error());
    return false;
}

// Reports a read error that ended the file early. Returns false when not even the first line
// could be read: then the file could not be read at all.
bool finishReading(const LineReader &reader, const std::string &path, Diagnostics &diagnostics) {
    if (reader.error().empty()) return true;
    if (reader.lineNumber() == 0) {
        diagnostics.report(ProblemKind::UnreadableFile, path, kWholeFile,
                           "cannot read: " + reader.error());
        return false;
    }
    diagnostics.report(ProblemKind::TruncatedInput, path, reader.lineNumber() + 1,
                       reader.error() + "; the lines before were kept");
    return true;
}

constexpr int64_t kMaxLabelIndex = 1'000'000; // far beyond 527, well inside int

std::string excerpt(const std::string &text) {
    constexpr size_t kMax = 40;
    return text.size() <= kMax ? text : text.substr(0, kMax) + "...";
}

// A header line is recognised by its first field, so a file without one loses no data row.
bool isHeader(const std::vector<std::string> &fields, const char *firstName) {
    return !fields.empty() && trimSpaces(fields[0]) == firstName;
}

} // namespace

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
        if (lineNumber == 1 && isHeader(*fields, "index")) continue;
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
        if (lineNumber == 1 && isHeader(*fields, "label_id")) continue;
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

bool loadReratedIds(const std::string &path, ReratedSet &out, Diagnostics &diagnostics) {
    LineReader reader;
    if (!openOrReport(reader, path, diagnostics)) return false;
    std::string_view line;
    while (reader.next(line)) {
        const std::string_view id = trimSpaces(line);
        if (id.empty()) continue;
        if (!isValidYoutubeId(id)) {
            diagnostics.report(
                ProblemKind::BadReratedId, path, reader.lineNumber(),
                "'" + std::string(id).substr(0, 40) +
                    "' is not a YouTube id (expected 11 characters of A-Z a-z 0-9 _ -)");
            continue;
        }
        out.add(id);
    }
    out.finish();
    return finishReading(reader, path, diagnostics);
}

} // namespace audioset

#include "reviewexport.h"

#include "outputfiles.h"
#include "textparse.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <map>

namespace audioset {

namespace {

std::string csvField(const std::string &text) {
    if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
    std::string quoted = "\"";
    for (char c : text) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + '"';
}

std::string isoTime(int64_t ms) {
    const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[64];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                  utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                  static_cast<int>(ms % 1000));
    return text;
}

// Writes `text` to path.partial and renames it over `path`.
Outcome writeWhole(const std::string &path, const std::string &text) {
    const std::string temporary = path + ".partial";
    OutputFile file;
    if (!file.open(temporary) || !file.write(text) || !file.close()) {
        std::remove(temporary.c_str());
        return Outcome::failed(file.error());
    }
    if (std::rename(temporary.c_str(), path.c_str()) != 0) {
        const std::string error = path + ": cannot write: " + std::strerror(errno);
        std::remove(temporary.c_str());
        return Outcome::failed(error);
    }
    return Outcome::ok();
}

} // namespace

Outcome writeVerdictsCsv(const std::vector<VerdictRecord> &history, const std::string &path) {
    std::string text = "split,ytid,start_seconds,class,verdict,reviewer,time,note\n";
    for (const VerdictRecord &record : history) {
        text += std::string(splitName(record.label.split)) + ',' + record.label.ytid + ',';
        appendMsAsSeconds(text, record.label.startMs);
        text += ',' + csvField(record.label.classMid) + ',' +
                std::string(verdictName(record.verdict)) + ',' + csvField(record.reviewer) + ',' +
                isoTime(record.givenAtMs) + ',' + csvField(record.note) + '\n';
    }
    if (Outcome written = writeWhole(path, text); !written.isOk()) return written;
    return Outcome::ok("wrote " + std::to_string(history.size()) + " verdicts to " + path);
}

Outcome writeReviewedQualityCsv(const ReviewSummary &summary,
                                const std::vector<ClassSummary> &classes, const std::string &path) {
    std::map<std::string, QualityAssessment> byClass;
    for (const ClassReview &review : summary.classes) {
        QualityAssessment &total = byClass[review.classMid];
        total.rated += review.reviewed.rated;
        total.trueCount += review.reviewed.trueCount;
    }
    std::vector<const ClassSummary *> labels;
    for (const ClassSummary &summaryOfClass : classes)
        if (summaryOfClass.labelIndex) labels.push_back(&summaryOfClass);
    std::sort(labels.begin(), labels.end(), [](const ClassSummary *a, const ClassSummary *b) {
        return *a->labelIndex < *b->labelIndex;
    });
    std::string text = "label_id,num_rated,num_true\n";
    int64_t rated = 0;
    for (const ClassSummary *label : labels) {
        const QualityAssessment counts =
            byClass.count(label->mid) ? byClass[label->mid] : QualityAssessment{};
        rated += counts.rated > 0;
        text += label->mid + ',' + std::to_string(counts.rated) + ',' +
                std::to_string(counts.trueCount) + '\n';
    }
    if (Outcome written = writeWhole(path, text); !written.isOk()) return written;
    return Outcome::ok("wrote the reviewed quality of " + std::to_string(rated) + " of " +
                       std::to_string(labels.size()) + " label classes to " + path);
}

} // namespace audioset

#include "releasefiles.h"

#include <algorithm>
#include <cctype>

namespace audioset {

const char *const kFeaturesSha256 =
    "cd95d500ab2422d4233cb822e25cf73033633e2068eab64d39024e85125cb760";

namespace {

struct Location {
    const char *name;
    const char *path; // under the bucket's youtube_corpus/v1/, or a full URL
    bool metadata;
};

// ontology.json lives in the audioset/ontology GitHub repository, not in the bucket.
constexpr Location kLocations[] = {
    {"ontology.json", "https://raw.githubusercontent.com/audioset/ontology/master/ontology.json",
     true},
    {"class_labels_indices.csv", "csv/class_labels_indices.csv", true},
    {"qa_true_counts.csv", "qa/qa_true_counts.csv", true},
    {"rerated_video_ids.txt", "qa/rerated_video_ids.txt", true},
    {"eval_segments.csv", "csv/eval_segments.csv", true},
    {"balanced_train_segments.csv", "csv/balanced_train_segments.csv", true},
    {"unbalanced_train_segments.csv", "csv/unbalanced_train_segments.csv", true},
    {"features.tar.gz", "features/features.tar.gz", false},
};

bool isSha256(const std::string &hex) {
    return hex.size() == 64 && std::all_of(hex.begin(), hex.end(),
                                           [](unsigned char c) { return std::isxdigit(c) != 0; });
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

} // namespace

std::vector<ReleaseFile> releaseFiles(const ReleaseSource &source, std::string &error) {
    if (source.baseUrl.empty() && source.mirror != "us" && source.mirror != "eu" &&
        source.mirror != "asia") {
        error = "unknown mirror '" + source.mirror + "': expected us, eu or asia";
        return {};
    }
    for (const auto &given : source.sha256) {
        const std::string &name = given.first, &hex = given.second; // clang 14: no lambda
                                                                    // capture of a binding
        const bool known = std::any_of(std::begin(kLocations), std::end(kLocations),
                                       [&](const Location &l) { return name == l.name; });
        if (!known) {
            error = "--sha256 names '" + name + "', which is not a file of the release";
            return {};
        }
        if (!isSha256(hex)) {
            error = "--sha256 for " + name + ": expected 64 hex digits, got '" + hex + "'";
            return {};
        }
    }
    std::string base = source.baseUrl;
    while (!base.empty() && base.back() == '/')
        base.pop_back();
    const std::string bucket =
        "https://storage.googleapis.com/" + source.mirror + "_audioset/youtube_corpus/v1/";
    std::vector<ReleaseFile> files;
    for (const Location &location : kLocations) {
        if (!location.metadata && !source.features) continue;
        ReleaseFile file;
        file.name = location.name;
        file.metadata = location.metadata;
        const std::string path = location.path;
        file.url = !base.empty()                         ? base + "/" + file.name
                   : path.compare(0, 8, "https://") == 0 ? path
                                                         : bucket + path;
        if (!file.metadata) file.sha256 = kFeaturesSha256;
        if (const auto given = source.sha256.find(file.name); given != source.sha256.end())
            file.sha256 = lower(given->second);
        files.push_back(std::move(file));
    }
    return files;
}

} // namespace audioset

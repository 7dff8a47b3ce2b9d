#include "featuresources.h"

#include <algorithm>
#include <dirent.h>
#include <sys/stat.h>

namespace audioset {

namespace {

bool endsWith(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

bool isDirectory(const std::string &path) {
    struct stat info {};
    return ::stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
}

void listRecordFiles(const std::string &dir, std::vector<std::string> &out, int depth = 0) {
    DIR *handle = ::opendir(dir.c_str());
    if (!handle || depth > 4) {
        if (handle) ::closedir(handle);
        return;
    }
    std::vector<std::string> names;
    while (const dirent *entry = ::readdir(handle))
        if (entry->d_name[0] != '.') names.emplace_back(entry->d_name);
    ::closedir(handle);
    std::sort(names.begin(), names.end());
    for (const std::string &name : names) {
        const std::string path = dir + '/' + name;
        if (isDirectory(path))
            listRecordFiles(path, out, depth + 1);
        else if (isRecordFileName(name))
            out.push_back(path);
    }
}

void addPath(const std::string &path, FeatureInputs &inputs) {
    if (isDirectory(path))
        listRecordFiles(path, inputs.recordFiles);
    else if (endsWith(path, ".tar.gz") || endsWith(path, ".tgz") || endsWith(path, ".tar"))
        inputs.tarballs.push_back(path);
    else
        inputs.recordFiles.push_back(path);
}

void fingerprint(FeatureInputs &inputs, const std::string &label) {
    uint64_t hash = 0xcbf29ce484222325ull;
    auto mix = [&hash](const void *data, size_t size) {
        const auto *bytes = static_cast<const unsigned char *>(data);
        for (size_t i = 0; i < size; ++i)
            hash = (hash ^ bytes[i]) * 0x100000001b3ull;
    };
    std::vector<std::string> all = inputs.tarballs;
    all.insert(all.end(), inputs.recordFiles.begin(), inputs.recordFiles.end());
    inputs.totalBytes = 0;
    for (const std::string &path : all) {
        const InputFile file = fingerprintFile("features", path);
        mix(path.data(), path.size());
        mix(&file.size, sizeof file.size);
        mix(&file.mtimeNs, sizeof file.mtimeNs);
        inputs.totalBytes += file.size;
    }
    inputs.fingerprint.role = "features";
    inputs.fingerprint.path = label;
    inputs.fingerprint.present = inputs.present();
    inputs.fingerprint.size = inputs.totalBytes;
    inputs.fingerprint.mtimeNs = static_cast<int64_t>(hash >> 1);
}

} // namespace

bool isRecordFileName(std::string_view name) {
    return endsWith(name, ".tfrecord") || endsWith(name, ".tfrecord.gz");
}

std::optional<Split> splitOfShardPath(std::string_view path) {
    const size_t slash = path.find_last_of('/');
    if (slash == std::string_view::npos || slash == 0) return std::nullopt;
    const size_t parentStart = path.find_last_of('/', slash - 1);
    const std::string_view parent =
        path.substr(parentStart == std::string_view::npos ? 0 : parentStart + 1,
                    slash - (parentStart == std::string_view::npos ? 0 : parentStart + 1));
    return splitFromFeatureFolder(parent);
}

FeatureInputs discoverFeatureInputs(const std::string &dataDir,
                                    const std::vector<std::string> &explicitPaths) {
    FeatureInputs inputs;
    std::string label;
    if (!explicitPaths.empty()) {
        for (const std::string &path : explicitPaths) {
            addPath(path, inputs);
            label += (label.empty() ? "" : " ") + path;
        }
    } else if (const std::string tarball = dataDir + "/features.tar.gz";
               fingerprintFile("features", tarball).present) {
        inputs.tarballs.push_back(tarball);
        label = tarball;
    } else if (const std::string folder = dataDir + "/audioset_v1_embeddings";
               isDirectory(folder)) {
        listRecordFiles(folder, inputs.recordFiles);
        label = folder;
    } else {
        for (Split split : kAllSplits) {
            const std::string folder = dataDir + '/' + std::string(splitFeatureFolder(split));
            if (isDirectory(folder)) listRecordFiles(folder, inputs.recordFiles);
        }
        label = dataDir;
    }
    fingerprint(inputs, label);
    return inputs;
}

} // namespace audioset

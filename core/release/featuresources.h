#pragma once

#include "releaseinputs.h"
#include "split.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace audioset {

/// Where the embeddings come from: the release's features.tar.gz, an unpacked
/// audioset_v1_embeddings/ folder, or single .tfrecord / .tfrecord.gz files.
struct FeatureInputs {
    std::vector<std::string> tarballs;
    std::vector<std::string> recordFiles;
    uint64_t totalBytes = 0;
    /// One fingerprint for the lot (size = total bytes, time = a hash of every file's path,
    /// size and modification time), so a changed shard re-indexes the embeddings.
    InputFile fingerprint;

    bool present() const { return !tarballs.empty() || !recordFiles.empty(); }
};

/// Looks in `dataDir` for features.tar.gz, else audioset_v1_embeddings/, else the split folders
/// (bal_train/, eval/, unbal_train/). `explicitPaths` (archives, folders or files) replace the
/// search when given.
FeatureInputs discoverFeatureInputs(const std::string &dataDir,
                                    const std::vector<std::string> &explicitPaths = {});

/// The split of a shard from the folder it sits in (".../bal_train/Ab.tfrecord").
std::optional<Split> splitOfShardPath(std::string_view path);

/// True for names ending in .tfrecord or .tfrecord.gz.
bool isRecordFileName(std::string_view name);

} // namespace audioset

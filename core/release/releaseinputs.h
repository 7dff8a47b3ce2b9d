#pragma once

#include "split.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace audioset {

/// One release file the indexer may read, with the fingerprint that decides whether it changed.
struct InputFile {
    std::string role; // "ontology", "label_index", "quality", "rerated", "segments:<split>"
    std::string path;
    bool present = false;
    uint64_t size = 0;
    int64_t mtimeNs = 0;

    bool sameFingerprint(const InputFile &other) const {
        return role == other.role && path == other.path && present == other.present &&
               size == other.size && mtimeNs == other.mtimeNs;
    }
};

/// The metadata files of a release folder, found by their release names (CSVs also as .csv.gz).
struct ReleaseInputs {
    InputFile ontology;
    InputFile labelIndex;
    InputFile quality;
    InputFile rerated;
    InputFile segments[kSplitCount];

    std::vector<const InputFile *> all() const;
    bool anyPresent() const;
    uint64_t totalBytes() const;
};

/// Looks for the release files in `dataDir`; absent ones have present == false.
ReleaseInputs discoverReleaseInputs(const std::string &dataDir);

/// The fingerprint of one path (absent when the file does not exist or is not a regular file).
InputFile fingerprintFile(const std::string &role, const std::string &path);

} // namespace audioset

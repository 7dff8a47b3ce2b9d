#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace audioset {

/// One file of the release to fetch: its name in the release folder, where it comes from, and
/// the SHA-256 it must have, when one is known.
struct ReleaseFile {
    std::string name;
    std::string url;
    std::optional<std::string> sha256; // lower-case hex
    bool metadata = true;              // false: the features archive, indexed separately
};

/// Where the files come from: Google's bucket in one of its three regions, or every file as
/// `baseUrl/<name>` (a mirror, or a test's server), with checksums given or overridden by name.
struct ReleaseSource {
    std::string mirror = "us"; // us, eu or asia
    std::string baseUrl;       // when set, replaces the official locations
    bool features = false;     // also features.tar.gz (about 2.4 GB)
    std::map<std::string, std::string> sha256;
};

/// The published SHA-256 of features.tar.gz.
extern const char *const kFeaturesSha256;

/// The release's files in download order: the metadata first (small, enough to browse), the
/// features archive last. Empty, with `error` set, for an unknown mirror, a checksum that is not
/// 64 hex digits, or a checksum for a file the release does not have.
std::vector<ReleaseFile> releaseFiles(const ReleaseSource &source, std::string &error);

} // namespace audioset

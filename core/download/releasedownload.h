#pragma once

#include "outcome.h"
#include "releasefiles.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace audioset {

struct DownloadOptions {
    std::string dir;
    ReleaseSource source;
    int attempts = 5;
    int retryDelayMs = 1000;
    int stallTimeoutMs = 30000;
};

/// Where a download stands: the file being fetched, bytes of it and of everything (totals are 0
/// until known), the rate and the time left, and a note (a retry and why).
struct DownloadProgress {
    std::string file;
    uint64_t fileDone = 0, fileTotal = 0;
    uint64_t done = 0, total = 0;
    double bytesPerSecond = 0;
    std::optional<double> secondsLeft;
    std::string note;
};
using DownloadCallback = std::function<bool(const DownloadProgress &)>;

/// How one file ended.
struct DownloadedFile {
    enum class Status { Fetched, AlreadyThere, Failed, Cancelled };
    std::string name;
    Status status = Status::Failed;
    std::string message; // Failed: what went wrong, naming the file and its URL
    bool metadata = true;
};

struct DownloadReport {
    Outcome outcome = Outcome::failed("not run");
    std::vector<DownloadedFile> files;
    uint64_t bytesFetched = 0;
};

/// Fetches the release into options.dir. Each file is written as NAME.part and renamed to NAME
/// only when complete and, where its SHA-256 is known, verified; a file whose checksum does not
/// match is kept aside as NAME.sha256-mismatch. What an earlier run completed and verified (kept
/// in DIR/.audioset-download.json with size and time) is not fetched again. A failed file does
/// not stop the others; the report says which failed and why. `fileDone` is called as each file
/// ends (to start indexing once the metadata is there). Needs a QCoreApplication.
DownloadReport downloadRelease(const DownloadOptions &options, const DownloadCallback &progress,
                               const std::function<void(const DownloadedFile &)> &fileDone = {});

/// "0.3 MB", "12 MB": sizes as the progress lines show them.
std::string formatMegabytes(uint64_t bytes);
/// "45 s left", "12 min left", "1.5 h left".
std::string formatTimeLeft(double seconds);

/// True when every metadata file of `report` is in place (fetched now or before).
bool metadataComplete(const DownloadReport &report);

} // namespace audioset

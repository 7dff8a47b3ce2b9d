#pragma once

#include "outcome.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace audioset {

/// How one file is fetched: into `partPath`, resuming what is there when the server still has
/// the same file, with retries after transient failures.
struct FetchRequest {
    std::string name; // for messages
    std::string url;
    std::string partPath;
    int attempts = 5;           // in all, the first included
    int retryDelayMs = 1000;    // before the first retry; doubles each time, at most 30 s
    int stallTimeoutMs = 30000; // no byte for this long is a transient failure
};

/// What fetching said as it went: bytes of this file so far and in all (0: not known yet), and
/// a note when it waits to retry. Returning false cancels.
struct FetchProgress {
    uint64_t done = 0;
    uint64_t total = 0;
    std::string note;
};
using FetchCallback = std::function<bool(const FetchProgress &)>;

/// Fetches the whole file into request.partPath. A partial file from an earlier attempt is
/// resumed with a Range request when its validators (ETag or Last-Modified) say the server's file
/// is the same; otherwise, or when the server ignores the range, it starts again from byte 0.
/// Retries connection drops, timeouts and 5xx answers with backoff; never 4xx. Needs a
/// QCoreApplication; runs its own event loop on the calling thread.
Outcome fetchToPart(const FetchRequest &request, const FetchCallback &progress);

/// The length the server announces for `url` (a HEAD request), when it answers with one.
std::optional<uint64_t> remoteLength(const std::string &url, int timeoutMs);

} // namespace audioset

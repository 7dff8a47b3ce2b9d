#pragma once

#include "verdict.h"

#include <string>
#include <utility>
#include <vector>

namespace audioset {

/// Verdicts waiting to be sent, in a local file: one line each, synced to disk before append()
/// returns, every one with the client id that keeps it from being stored twice.
class VerdictQueue {
public:
    explicit VerdictQueue(std::string path)
        : m_path(std::move(path)) {}

    /// An error message, or empty.
    std::string append(const std::string &clientId, const VerdictRecord &record);
    /// What the file holds, oldest first; lines that do not read back are skipped.
    std::vector<std::pair<std::string, VerdictRecord>> read() const;
    /// Empties the queue (after everything in it reached the server).
    void clear();
    const std::string &path() const { return m_path; }

private:
    std::string m_path;
};

/// A random 128-bit id as 32 hex digits, for a verdict's client id.
std::string newClientId();

} // namespace audioset

#pragma once

#include <optional>
#include <string>

namespace audioset {

/// The files a download completed and verified, kept in DIR/.audioset-download.json with each
/// file's size, modification time and SHA-256: a file is taken as whole only while it still has
/// the size and time it had when it was verified.
class DownloadLedger {
public:
    explicit DownloadLedger(std::string dir);

    /// The SHA-256 recorded for `name`, when the file is still as it was recorded.
    std::optional<std::string> verified(const std::string &name) const;
    /// Records `name` as it is now on disk. False (with `error`) when the ledger cannot be written.
    bool record(const std::string &name, const std::string &sha256, std::string &error);

private:
    std::string m_dir;
};

/// The SHA-256 of a file as lower-case hex; empty (with `error`) when it cannot be read.
std::string sha256OfFile(const std::string &path, std::string &error);

} // namespace audioset

#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace audioset {

/// A file being written by an export; remembers the first error (a full disk, say) with the
/// file's name, so the export can stop and say what happened.
class OutputFile {
public:
    OutputFile() = default;
    ~OutputFile();
    OutputFile(const OutputFile &) = delete;
    OutputFile &operator=(const OutputFile &) = delete;

    bool open(const std::string &path, bool append = false);
    bool write(std::string_view bytes);
    /// Writes `bytes` at `offset` (for files filled out of order).
    bool writeAt(uint64_t offset, std::string_view bytes);
    /// Flushes and closes; false (with error()) if anything failed. Data reaches the disk with
    /// syncTree() once the export is complete, not file by file.
    bool close();
    bool isOpen() const { return m_file != nullptr; }
    const std::string &error() const { return m_error; }

private:
    bool fail(const char *what);

    FILE *m_file = nullptr;
    std::string m_path;
    std::string m_error;
};

/// Creates the folders of `path` as needed; an error message, or empty.
std::string makeDirectories(const std::string &path);
/// Makes everything written under `path` durable (one syncfs instead of an fsync per file);
/// an error message, or empty.
std::string syncTree(const std::string &path);
/// Removes a folder and everything in it.
void removeTree(const std::string &path);

} // namespace audioset

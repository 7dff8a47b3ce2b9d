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

/// A folder written under a temporary name beside its target and renamed into place only when
/// complete: a cancelled, failed or killed writer never leaves half a result where the target
/// goes. The temporary folder carries the writer's process id, so the next writer into the same
/// place removes what a killed one (kill -9, a power cut) left behind.
class StagedFolder {
public:
    StagedFolder() = default;
    ~StagedFolder(); // removes the temporary folder unless it was published
    StagedFolder(const StagedFolder &) = delete;
    StagedFolder &operator=(const StagedFolder &) = delete;

    /// Makes the temporary folder beside `target`; an error message, or empty.
    std::string create(const std::string &target);
    const std::string &path() const { return m_path; }
    /// Moves the folder into place; an existing target goes only once the new one is there.
    /// An error message, or empty.
    std::string publish();

private:
    std::string m_target;
    std::string m_path;
};

/// True when `path` exists (a file or a folder).
bool pathExists(const std::string &path);
/// True when `path` is a folder with something in it.
bool isNonEmptyFolder(const std::string &path);

/// Creates the folders of `path` as needed; an error message, or empty.
std::string makeDirectories(const std::string &path);
/// Makes everything written under `path` durable (one syncfs instead of an fsync per file);
/// an error message, or empty.
std::string syncTree(const std::string &path);
/// Removes a folder and everything in it.
void removeTree(const std::string &path);

} // namespace audioset

#pragma once

#include "classgraph.h"
#include "split.h"

#include <array>
#include <cstdint>
#include <string>

namespace audioset {

class Database;
class Diagnostics;
class ProgressTracker;
class ReratedSet;
struct InputFile;
struct ReleaseInputs;

/// Thrown when a release file that is present cannot be read at all (the run then fails and
/// changes nothing); the file's problem is in the diagnostics already.
struct UnreadableInput {
    std::string path;
};

/// Rebuilds the metadata tables from the release's text files inside the open transaction.
/// Throws Cancelled (progress asked to stop) or SqliteError.
class MetadataBuild {
public:
    MetadataBuild(Database &db, const ReleaseInputs &inputs, Diagnostics &diagnostics,
                  ProgressTracker &progress);

    void run();

    const std::array<int64_t, kSplitCount> &segments() const { return m_segments; }
    int64_t classCount() const { return static_cast<int64_t>(m_graph.size()); }

private:
    template <typename Load> void step(const char *phase, const InputFile &file, Load &&load);
    int64_t loadSplit(Split split, const InputFile &file, ReratedSet &rerated, uint32_t firstId);

    Database &m_db;
    const ReleaseInputs &m_inputs;
    Diagnostics &m_diagnostics;
    ProgressTracker &m_progress;
    ClassGraph m_graph;
    std::array<int64_t, kSplitCount> m_segments{};
};

/// Notes each metadata file that is not there, with what its absence means.
void reportMissingMetadata(const ReleaseInputs &inputs, Diagnostics &diagnostics);

} // namespace audioset

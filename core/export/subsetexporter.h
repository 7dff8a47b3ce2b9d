#pragma once

#include "outcome.h"
#include "progress.h"
#include "split.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace audioset {

class Catalog;
struct SubsetPlan;
struct SubsetSelection;

enum class ExportFormat { Csv, TfRecord, JsonLines, Npy };

/// "csv", "tfrecord", "jsonl", "npy".
std::string exportFormatName(ExportFormat format);
bool exportFormatFromName(const std::string &name, ExportFormat &format);

struct ExportOptions {
    std::string outDir;
    std::vector<ExportFormat> formats;
    bool force = false;     // replace an existing outDir
    int tfrecordShards = 0; // 0: shard like the release (split folder, first two id characters)
    std::string indexPath;  // for the manifest
    std::string toolVersion;
    /// The segments' local audio files, into audio/<split>/ (and audio/files.csv): copied,
    /// or as symbolic links to the originals.
    enum class AudioFiles { None, Copy, Link } audioFiles = AudioFiles::None;
};

struct ExportResult {
    Outcome outcome = Outcome::failed("not run"); // ok: where the subset went
    int64_t segments = 0;
    int64_t records = 0;       // TFRecord / npy records written
    int64_t withoutRecord = 0; // selected segments that have no embedding
    int64_t audioFiles = 0;    // local audio files copied or linked
};

/// Writes a planned subset in the chosen formats with its manifest (subset.json: the
/// selection, the seed, the source files' CRC-32C, the tool version). Everything is written
/// into a temporary folder beside outDir and renamed into place at the end, so a cancelled or
/// failed export leaves nothing behind, and an existing outDir is only replaced with `force`.
ExportResult exportSubset(Catalog &catalog, const SubsetSelection &selection,
                          const SubsetPlan &plan, const ExportOptions &options,
                          const ProgressCallback &progress);

} // namespace audioset

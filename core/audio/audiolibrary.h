#pragma once

#include "audiofilename.h"
#include "outcome.h"
#include "progress.h"
#include "split.h"

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace audioset {

class Database;

/// One local file matched to one segment.
struct AudioMatch {
    int64_t segmentId = 0;
    Split split = Split::Eval;
    std::string ytid;
    int64_t startMs = 0;
    std::string path;
    AudioLayout layout = AudioLayout::BareYtid;
    bool clip = false; // the name says it holds only the segment (it carries the start)
};

/// What a scan found, per folder given.
struct AudioScanReport {
    Outcome outcome = Outcome::failed("not run");
    int64_t audioFiles = 0;   // files with an audio extension
    int64_t matchedFiles = 0; // of them, files that name a segment of the index
    int64_t ignoredFiles = 0; // audio files in no known layout, or naming no segment
    int64_t added = 0, removed = 0, unchanged = 0; // matches against the previous scan
    /// Segments matched, per split and layout.
    std::array<std::array<int64_t, kAudioLayoutCount>, kSplitCount> segments{};
    /// The layout that matched most segments (none when nothing matched).
    std::optional<AudioLayout> mainLayout;
};

/// Matched segments per split and layout, over every folder scanned.
struct AudioStats {
    std::vector<std::string> folders;
    std::array<std::array<int64_t, kAudioLayoutCount>, kSplitCount> segments{};
    int64_t files = 0;
    int64_t stale = 0; // matches whose segment changed since (re-indexed): scan again
};

/// Where a segment's audio is, and where in the file the segment starts.
struct AudioLocation {
    std::string path;
    AudioLayout layout = AudioLayout::BareYtid;
    double offsetSeconds = 0; // 0 for a 10 s clip, the segment's start for a whole video
    double durationSeconds = 0;
};

/// Local audio files matched to the segments of an index, kept in the index file (tables
/// audio_files and audio_folders, beside the review verdicts) so a folder of 2 M files is
/// scanned once; a rescan only writes what changed. Matches are checked against the segments
/// each time they are read, so a re-index that changed the segments never plays the wrong file.
class AudioLibrary {
public:
    /// Opens the index for writing audio matches (or, `forReading`, only to look them up; an
    /// index never scanned then has none); null with `error` set when it cannot.
    static std::unique_ptr<AudioLibrary> open(const std::string &dbPath, std::string &error,
                                              bool forReading = false);
    ~AudioLibrary();

    /// Scans folders (recursively; per-split subfolders are recognised) and stores what matched.
    /// Folders scanned before but not given keep their matches.
    AudioScanReport scan(const std::vector<std::string> &folders, const ProgressCallback &progress);
    /// Drops what earlier scans of these folders matched (a folder taken off the list, or
    /// gone); `forgotten` is the number of matches dropped.
    Outcome forget(const std::vector<std::string> &folders, int64_t &forgotten);
    AudioStats stats();
    /// The segment's audio, when a file matched it; `error` says why when none can be used.
    std::optional<AudioLocation> find(const std::string &ytid, int64_t startMs, std::string &error);
    /// Every segment id with a current match, ascending.
    std::vector<uint32_t> segmentsWithAudio();

private:
    explicit AudioLibrary(std::unique_ptr<Database> db);
    void ensureTables();

    std::unique_ptr<Database> m_db;
};

} // namespace audioset

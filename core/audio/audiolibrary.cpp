#include "audiolibrary.h"

#include "audiodecode.h"
#include "packedytid.h"
#include "schema.h"
#include "sqlitedb.h"
#include "textparse.h"
#include "youtubeid.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <set>
#include <sqlite3.h>
#include <system_error>

namespace audioset {

namespace fs = std::filesystem;

namespace {

// The index's segments by (ytid, start), for matching names to them.
struct SegmentKey {
    PackedYtid ytid;
    int64_t startMs = 0;
    int64_t id = 0;
    Split split = Split::Eval;
};

std::vector<SegmentKey> loadSegments(Database &db) {
    std::vector<SegmentKey> keys;
    Statement rows = db.prepare("SELECT id, split, ytid, start_ms FROM segments");
    while (rows.step()) {
        const std::string_view ytid = rows.columnText(2);
        const int64_t split = rows.columnInt(1);
        if (!isValidYoutubeId(ytid) || split < 0 || split >= kSplitCount) continue;
        keys.push_back({PackedYtid::pack(ytid), rows.columnInt(3), rows.columnInt(0),
                        static_cast<Split>(split)});
    }
    std::sort(keys.begin(), keys.end(), [](const SegmentKey &a, const SegmentKey &b) {
        return a.ytid != b.ytid ? a.ytid < b.ytid : a.startMs < b.startMs;
    });
    return keys;
}

// The split named by the nearest folder between `root` and the file, if any.
std::optional<Split> splitOfPath(const fs::path &root, const fs::path &file) {
    std::optional<Split> split;
    const fs::path relative = file.parent_path().lexically_relative(root);
    for (const fs::path &part : relative)
        if (const auto named = splitOfFolderName(part.string())) split = named;
    return split;
}

// The segments a file name stands for, with the layout that made the match.
std::vector<AudioMatch> matchFile(const std::vector<SegmentKey> &segments, const fs::path &path,
                                  std::optional<Split> split) {
    std::vector<AudioMatch> matches;
    for (const AudioFileName &name : parseAudioFileName(path.filename().string())) {
        const PackedYtid packed = PackedYtid::pack(name.ytid);
        const auto first = std::lower_bound(
            segments.begin(), segments.end(), packed,
            [](const SegmentKey &key, const PackedYtid &ytid) { return key.ytid < ytid; });
        for (auto it = first; it != segments.end() && it->ytid == packed; ++it) {
            if (split && it->split != *split) continue;
            AudioLayout layout;
            if (!name.startIfSeconds) {
                layout = name.prefixedY ? AudioLayout::PrefixedY : AudioLayout::BareYtid;
            } else if (it->startMs == *name.startIfSeconds) {
                layout = AudioLayout::StartSeconds;
            } else if (name.startIfMs && it->startMs == *name.startIfMs) {
                layout = AudioLayout::StartMilliseconds;
            } else {
                continue;
            }
            matches.push_back({it->id, it->split, name.ytid, it->startMs, path.string(), layout,
                               name.startIfSeconds.has_value()});
        }
        if (!matches.empty()) break; // the first reading that names a segment wins
    }
    return matches;
}

int64_t mtimeNs(const fs::directory_entry &entry) {
    std::error_code error;
    const auto time = entry.last_write_time(error);
    return error ? 0
                 : std::chrono::duration_cast<std::chrono::nanoseconds>(time.time_since_epoch())
                       .count();
}

struct FolderScan {
    std::string folder;
    std::vector<std::pair<AudioMatch, std::pair<int64_t, int64_t>>> matches; // with size, mtime
    int64_t audioFiles = 0, matchedFiles = 0;
};

} // namespace

std::unique_ptr<AudioLibrary> AudioLibrary::open(const std::string &dbPath, std::string &error,
                                                 bool forReading) {
    try {
        auto db = std::make_unique<Database>(dbPath, forReading ? Database::Mode::ReadOnly
                                                                : Database::Mode::ReadWrite);
        if (!db->tableExists("segments")) {
            error = dbPath + " is not an AudioSet index (no segments table)";
            return nullptr;
        }
        if (forReading && !db->tableExists("audio_files")) {
            error = "no audio folder was scanned for " + dbPath;
            return nullptr;
        }
        std::unique_ptr<AudioLibrary> library(new AudioLibrary(std::move(db)));
        if (!forReading) library->ensureTables();
        return library;
    } catch (const SqliteError &e) {
        error = "cannot open " + dbPath + ": " + e.what();
        return nullptr;
    }
}

AudioLibrary::AudioLibrary(std::unique_ptr<Database> db)
    : m_db(std::move(db)) {}

AudioLibrary::~AudioLibrary() = default;

void AudioLibrary::ensureTables() {
    m_db->exec(R"(
CREATE TABLE IF NOT EXISTS audio_files(
  path TEXT NOT NULL, folder TEXT NOT NULL, segment_id INTEGER NOT NULL, split INTEGER NOT NULL,
  ytid TEXT NOT NULL, start_ms INTEGER NOT NULL, layout INTEGER NOT NULL, clip INTEGER NOT NULL,
  size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, PRIMARY KEY(path, segment_id));
CREATE INDEX IF NOT EXISTS audio_files_by_segment ON audio_files(ytid, start_ms);
CREATE INDEX IF NOT EXISTS audio_files_by_folder ON audio_files(folder);
CREATE TABLE IF NOT EXISTS audio_folders(
  path TEXT PRIMARY KEY, scanned_ms INTEGER NOT NULL, files INTEGER NOT NULL,
  matched INTEGER NOT NULL);)");
}

AudioScanReport AudioLibrary::scan(const std::vector<std::string> &folders,
                                   const ProgressCallback &progress) {
    AudioScanReport report;
    try {
        const std::vector<SegmentKey> segments = loadSegments(*m_db);
        std::vector<FolderScan> scans;
        uint64_t seen = 0;
        for (const std::string &given : folders) {
            std::error_code error;
            const fs::path root = fs::weakly_canonical(fs::absolute(given), error);
            if (error || !fs::is_directory(root)) {
                report.outcome = Outcome::failed("not a folder: " + given);
                return report;
            }
            FolderScan scan{root.string(), {}, 0, 0};
            for (fs::recursive_directory_iterator
                     it(root, fs::directory_options::skip_permission_denied, error),
                 end;
                 !error && it != end; it.increment(error)) {
                if (!it->is_regular_file(error)) continue;
                const fs::path &path = it->path();
                const std::string extension = path.extension().string();
                if (extension.size() < 2 || !isAudioExtension(extension.substr(1))) continue;
                ++report.audioFiles;
                ++scan.audioFiles;
                if (progress && ++seen % 1024 == 0 &&
                    !progress({"scanning " + scan.folder, seen, 0}))
                    throw Cancelled();
                const std::vector<AudioMatch> matches =
                    matchFile(segments, path, splitOfPath(root, path));
                if (matches.empty()) {
                    ++report.ignoredFiles;
                    continue;
                }
                ++report.matchedFiles;
                ++scan.matchedFiles;
                const int64_t size = static_cast<int64_t>(it->file_size(error));
                for (const AudioMatch &match : matches)
                    scan.matches.push_back({match, {size, mtimeNs(*it)}});
            }
            if (error) {
                report.outcome = Outcome::failed("cannot read " + given + ": " + error.message());
                return report;
            }
            scans.push_back(std::move(scan));
        }
        m_db->exec("BEGIN IMMEDIATE");
        for (const FolderScan &scan : scans) {
            // (path, segment) -> (size, mtime) as the last scan stored them
            std::map<std::pair<std::string, int64_t>, std::pair<int64_t, int64_t>> before;
            Statement old = m_db->prepare(
                "SELECT path, segment_id, size, mtime_ns FROM audio_files WHERE folder=?");
            old.bind(1, scan.folder);
            while (old.step())
                before.emplace(std::make_pair(old.columnString(0), old.columnInt(1)),
                               std::make_pair(old.columnInt(2), old.columnInt(3)));
            Statement insert = m_db->prepare(
                "INSERT OR REPLACE INTO audio_files(path, folder, segment_id, split, ytid, "
                "start_ms, layout, clip, size, mtime_ns) VALUES (?,?,?,?,?,?,?,?,?,?)");
            for (const auto &[match, file] : scan.matches) {
                ++report.segments[static_cast<size_t>(splitIndex(match.split))]
                                 [static_cast<size_t>(match.layout)];
                const auto known = before.find({match.path, match.segmentId});
                const bool same = known != before.end() && known->second == file;
                if (known != before.end()) before.erase(known);
                same ? ++report.unchanged : ++report.added;
                if (same) continue; // nothing to write
                insert.bind(1, match.path).bind(2, scan.folder).bind(3, match.segmentId);
                insert.bind(4, splitIndex(match.split)).bind(5, match.ytid).bind(6, match.startMs);
                insert.bind(7, static_cast<int>(match.layout)).bind(8, match.clip ? 1 : 0);
                insert.bind(9, file.first).bind(10, file.second);
                insert.run();
                insert.reset();
            }
            Statement drop = m_db->prepare("DELETE FROM audio_files WHERE path=? AND segment_id=?");
            for (const auto &[key, file] : before) {
                const auto &[path, segment] = key;
                drop.bind(1, path).bind(2, segment);
                drop.run();
                drop.reset();
                ++report.removed;
            }
            Statement folder = m_db->prepare(
                "INSERT OR REPLACE INTO audio_folders(path, scanned_ms, files, matched) "
                "VALUES (?, ?, ?, ?)");
            folder.bind(1, scan.folder)
                .bind(2,
                      static_cast<int64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                               std::chrono::system_clock::now().time_since_epoch())
                                               .count()))
                .bind(3, scan.audioFiles)
                .bind(4, scan.matchedFiles);
            folder.run();
        }
        m_db->exec("COMMIT");
    } catch (const Cancelled &) {
        report.outcome = Outcome::cancelled("scan cancelled; nothing was changed");
        return report;
    } catch (const SqliteError &e) {
        try {
            m_db->exec("ROLLBACK");
        } catch (const SqliteError &) {
        }
        report.outcome = Outcome::failed(std::string("cannot store the matches: ") + e.what());
        return report;
    }
    int64_t best = 0;
    for (int layout = 0; layout < kAudioLayoutCount; ++layout) {
        int64_t total = 0;
        for (const auto &split : report.segments)
            total += split[static_cast<size_t>(layout)];
        if (total > best) {
            best = total;
            report.mainLayout = static_cast<AudioLayout>(layout);
        }
    }
    report.outcome = Outcome::ok();
    return report;
}

Outcome AudioLibrary::forget(const std::vector<std::string> &folders, int64_t &forgotten) {
    forgotten = 0;
    try {
        m_db->exec("BEGIN IMMEDIATE");
        Statement files = m_db->prepare("DELETE FROM audio_files WHERE folder=?");
        Statement folder = m_db->prepare("DELETE FROM audio_folders WHERE path=?");
        for (const std::string &given : folders) {
            // Named as the scan named it; the folder itself may be gone.
            std::error_code error;
            const fs::path root = fs::weakly_canonical(fs::absolute(given), error);
            std::set<std::string> names{given};
            if (!error) names.insert(root.string());
            for (const std::string &name : names) {
                files.bind(1, name).run();
                forgotten += sqlite3_changes(m_db->handle());
                folder.bind(1, name).run();
            }
        }
        m_db->exec("COMMIT");
        return Outcome::ok();
    } catch (const SqliteError &e) {
        try {
            m_db->exec("ROLLBACK");
        } catch (const SqliteError &) {
        }
        return Outcome::failed(std::string("cannot forget the matches: ") + e.what());
    }
}

AudioStats AudioLibrary::stats() {
    AudioStats stats;
    Statement folders = m_db->prepare("SELECT path FROM audio_folders ORDER BY path");
    while (folders.step())
        stats.folders.push_back(folders.columnString(0));
    Statement counts = m_db->prepare(std::string("SELECT a.split, a.layout, "
                                                 "count(DISTINCT a.segment_id)") +
                                     kCurrentAudioFiles + "GROUP BY a.split, a.layout");
    while (counts.step()) {
        const int64_t split = counts.columnInt(0), layout = counts.columnInt(1);
        if (split >= 0 && split < kSplitCount && layout >= 0 && layout < kAudioLayoutCount)
            stats.segments[static_cast<size_t>(split)][static_cast<size_t>(layout)] =
                counts.columnInt(2);
    }
    stats.files = m_db->queryInt(std::string("SELECT count(DISTINCT a.path)") + kCurrentAudioFiles);
    stats.stale = m_db->queryInt("SELECT count(*) FROM audio_files") -
                  m_db->queryInt(std::string("SELECT count(*)") + kCurrentAudioFiles);
    return stats;
}

std::optional<AudioLocation> AudioLibrary::find(const std::string &ytid, int64_t startMs,
                                                std::string &error) {
    Statement rows =
        m_db->prepare(std::string("SELECT a.path, a.layout, a.clip") + kCurrentAudioFiles +
                      "WHERE a.ytid = ? AND a.start_ms = ? ORDER BY a.clip DESC, "
                      "a.path");
    rows.bind(1, ytid).bind(2, startMs);
    error = "no local audio file matches " + ytid + " at " + formatMsAsSeconds(startMs) + " s";
    while (rows.step()) {
        AudioLocation location;
        location.path = rows.columnString(0);
        location.layout = static_cast<AudioLayout>(
            std::clamp<int64_t>(rows.columnInt(1), 0, kAudioLayoutCount - 1));
        const bool clip = rows.columnInt(2) != 0;
        std::string why;
        const auto duration = audioDuration(location.path, why);
        if (!duration) {
            error = why;
            continue; // another file may do
        }
        location.durationSeconds = *duration;
        // A name without a start holds the segment alone when it is about 10 s long.
        location.offsetSeconds = clip || *duration <= 11.0 ? 0.0 : startMs / 1000.0;
        error.clear();
        return location;
    }
    return std::nullopt;
}

std::vector<uint32_t> AudioLibrary::segmentsWithAudio() {
    std::vector<uint32_t> ids;
    Statement rows = m_db->prepare(std::string("SELECT DISTINCT a.segment_id") +
                                   kCurrentAudioFiles + "ORDER BY 1");
    while (rows.step())
        ids.push_back(static_cast<uint32_t>(rows.columnInt(0)));
    return ids;
}

} // namespace audioset

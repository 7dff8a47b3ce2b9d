#include "releasedownload.h"

#include "downloadledger.h"
#include "httpfetch.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStorageInfo>
#include <chrono>
#include <cstdio>

namespace audioset {

namespace {

using Clock = std::chrono::steady_clock;

std::string megabytes(uint64_t bytes) {
    return formatMegabytes(bytes);
}

// Adds up what the run has fetched, for the overall figures, the rate and the time left.
class Tally {
public:
    Tally(uint64_t total, uint64_t alreadyThere)
        : m_total(total)
        , m_start(Clock::now())
        , m_startBytes(alreadyThere)
        , m_finished(alreadyThere) {}

    DownloadProgress progress(const std::string &file, const FetchProgress &fetch,
                              uint64_t fileTotal) const {
        DownloadProgress now;
        now.file = file;
        now.fileDone = fetch.done;
        now.fileTotal = fetch.total ? fetch.total : fileTotal;
        now.done = m_finished + fetch.done;
        now.total = std::max(m_total, now.done);
        now.note = fetch.note;
        const double seconds = std::chrono::duration<double>(Clock::now() - m_start).count();
        if (seconds > 0.2 && now.done > m_startBytes) {
            now.bytesPerSecond = double(now.done - m_startBytes) / seconds;
            if (m_total > now.done)
                now.secondsLeft = double(m_total - now.done) / now.bytesPerSecond;
        }
        return now;
    }
    void finishFile(uint64_t bytes) { m_finished += bytes; }
    // A resumed file's first bytes came from an earlier run: not part of this run's rate.
    void resumedFrom(uint64_t bytes) { m_startBytes += bytes; }

private:
    uint64_t m_total;
    Clock::time_point m_start;
    uint64_t m_startBytes;
    uint64_t m_finished;
};

std::string pathIn(const std::string &dir, const std::string &name) {
    return QDir(QString::fromStdString(dir)).filePath(QString::fromStdString(name)).toStdString();
}

bool replaceFile(const std::string &from, const std::string &to) {
    return std::rename(from.c_str(), to.c_str()) == 0; // atomic, and replaces `to`
}

// Verifies the fetched NAME.part and puts it in place, or keeps it aside when its checksum is
// wrong.
DownloadedFile install(const ReleaseFile &file, const std::string &dir, DownloadLedger &ledger) {
    DownloadedFile result{file.name, DownloadedFile::Status::Failed, {}, file.metadata};
    const std::string final = pathIn(dir, file.name), part = final + ".part";
    std::string error;
    const std::string sha = sha256OfFile(part, error);
    if (sha.empty()) {
        result.message = error;
        return result;
    }
    if (file.sha256 && sha != *file.sha256) {
        const std::string aside = final + ".sha256-mismatch";
        replaceFile(part, aside);
        result.message = "checksum mismatch for " + file.name + " (" + file.url + "): expected " +
                         *file.sha256 + ", got " + sha + "; the file is kept as " + aside;
        return result;
    }
    if (!replaceFile(part, final)) {
        result.message = "cannot rename " + part + " to " + final;
        return result;
    }
    if (!ledger.record(file.name, sha, error)) {
        result.message = error;
        return result;
    }
    result.status = DownloadedFile::Status::Fetched;
    return result;
}

// Room for what is left of a file of `length` bytes, `have` of them already in its .part.
std::string roomProblem(const std::string &dir, uint64_t length, uint64_t have) {
    const QStorageInfo storage(QString::fromStdString(dir));
    const uint64_t needed = length > have ? length - have : 0;
    if (!storage.isValid() || storage.bytesAvailable() < 0 ||
        uint64_t(storage.bytesAvailable()) >= needed)
        return {};
    return "needs " + megabytes(needed) + ", but only " +
           megabytes(uint64_t(storage.bytesAvailable())) + " are free in " + dir;
}

} // namespace

std::string formatMegabytes(uint64_t bytes) {
    char text[32];
    std::snprintf(text, sizeof text, bytes < 10'000'000 ? "%.1f MB" : "%.0f MB", bytes / 1e6);
    return text;
}

std::string formatTimeLeft(double seconds) {
    char text[32];
    if (seconds < 90)
        std::snprintf(text, sizeof text, "%.0f s left", seconds);
    else if (seconds < 90 * 60)
        std::snprintf(text, sizeof text, "%.0f min left", seconds / 60);
    else
        std::snprintf(text, sizeof text, "%.1f h left", seconds / 3600);
    return text;
}

bool metadataComplete(const DownloadReport &report) {
    bool any = false;
    for (const DownloadedFile &file : report.files) {
        if (!file.metadata) continue;
        any = true;
        if (file.status != DownloadedFile::Status::Fetched &&
            file.status != DownloadedFile::Status::AlreadyThere)
            return false;
    }
    return any;
}

DownloadReport downloadRelease(const DownloadOptions &options, const DownloadCallback &progress,
                               const std::function<void(const DownloadedFile &)> &fileDone) {
    DownloadReport report;
    std::string error;
    const std::vector<ReleaseFile> files = releaseFiles(options.source, error);
    if (files.empty()) {
        report.outcome = Outcome::failed(error);
        return report;
    }
    if (!QDir().mkpath(QString::fromStdString(options.dir))) {
        report.outcome = Outcome::failed("cannot create the folder " + options.dir);
        return report;
    }
    DownloadLedger ledger(options.dir);
    std::vector<std::pair<ReleaseFile, uint64_t>> toFetch; // with the length the server announces
    uint64_t total = 0;
    for (const ReleaseFile &file : files) {
        const auto recorded = ledger.verified(file.name);
        if (recorded && (!file.sha256 || *recorded == *file.sha256)) {
            report.files.push_back(
                {file.name, DownloadedFile::Status::AlreadyThere, {}, file.metadata});
            if (fileDone) fileDone(report.files.back());
            continue;
        }
        const uint64_t length = remoteLength(file.url, options.stallTimeoutMs).value_or(0);
        toFetch.emplace_back(file, length);
        total += length;
    }
    Tally tally(total, 0);
    int failed = 0;
    std::string firstProblem;
    for (const auto &[file, length] : toFetch) {
        const std::string part = pathIn(options.dir, file.name) + ".part";
        const uint64_t have =
            uint64_t(std::max<qint64>(0, QFileInfo(QString::fromStdString(part)).size()));
        DownloadedFile result{file.name, DownloadedFile::Status::Failed, {}, file.metadata};
        if (const std::string problem = roomProblem(options.dir, length, have); !problem.empty()) {
            result.message = file.name + " (" + file.url + ") " + problem;
        } else {
            tally.resumedFrom(have);
            FetchRequest request{file.name,
                                 file.url,
                                 part,
                                 options.attempts,
                                 options.retryDelayMs,
                                 options.stallTimeoutMs};
            const Outcome fetched =
                fetchToPart(request, [&, &file = file, length = length](const FetchProgress &now) {
                    return !progress || progress(tally.progress(file.name, now, length));
                });
            if (fetched.isCancelled()) {
                result.status = DownloadedFile::Status::Cancelled;
                report.files.push_back(result);
                report.outcome = Outcome::cancelled("download cancelled during " + file.name +
                                                    "; the next download resumes it");
                return report;
            }
            if (fetched.isOk()) {
                result = install(file, options.dir, ledger);
                const uint64_t bytes = uint64_t(
                    QFileInfo(QString::fromStdString(pathIn(options.dir, file.name))).size());
                if (result.status == DownloadedFile::Status::Fetched) report.bytesFetched += bytes;
                tally.finishFile(std::max(bytes, length));
            } else {
                result.message = fetched.message;
            }
        }
        if (result.status == DownloadedFile::Status::Failed && failed++ == 0)
            firstProblem = result.message;
        report.files.push_back(result);
        if (fileDone) fileDone(result);
    }
    const size_t already = files.size() - toFetch.size();
    if (failed > 0)
        report.outcome =
            Outcome::failed(std::to_string(failed) + " of " + std::to_string(files.size()) +
                            " files could not be downloaded; first: " + firstProblem);
    else
        report.outcome = Outcome::ok("fetched " + std::to_string(toFetch.size()) + " files (" +
                                     megabytes(report.bytesFetched) + "), " +
                                     std::to_string(already) + " already complete");
    return report;
}

} // namespace audioset

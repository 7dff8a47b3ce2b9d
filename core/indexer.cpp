#include "indexer.h"

#include "classgraph.h"
#include "diagnostics.h"
#include "indexwriter.h"
#include "labelstatistics.h"
#include "releasefiles.h"
#include "releaseinputs.h"
#include "reratedset.h"
#include "schema.h"
#include "segmentloader.h"
#include "sqlitedb.h"

#include <climits>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <sys/stat.h>
#include <unistd.h>

namespace audioset {

namespace {

const std::string kStage = "metadata";

class Cancelled {};

bool isDirectory(const std::string &path) {
    struct stat info {};
    return ::stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
}

std::string absolutePath(const std::string &path) {
    char resolved[PATH_MAX];
    return ::realpath(path.c_str(), resolved) ? std::string(resolved) : path;
}

bool inputsUnchanged(Database &db, const ReleaseInputs &inputs) {
    if (!db.tableExists("inputs") || !db.tableExists("segments")) return false;
    Statement query = db.prepare("SELECT role, path, size, mtime_ns FROM inputs WHERE stage=?");
    query.bind(1, kStage);
    size_t matched = 0;
    const auto files = inputs.all();
    while (query.step()) {
        InputFile stored;
        stored.role = query.columnString(0);
        stored.path = query.columnString(1);
        stored.present = query.columnInt(2) >= 0;
        stored.size = stored.present ? static_cast<uint64_t>(query.columnInt(2)) : 0;
        stored.mtimeNs = query.columnInt(3);
        bool same = false;
        for (const InputFile *file : files)
            same |= file->sameFingerprint(stored);
        if (!same) return false;
        ++matched;
    }
    return matched == files.size();
}

void reportMissing(const ReleaseInputs &inputs, Diagnostics &diagnostics) {
    auto missing = [&](const InputFile &file, const char *consequence) {
        if (!file.present)
            diagnostics.report(ProblemKind::MissingFile, file.path, 0,
                               std::string("not found; ") + consequence);
    };
    missing(inputs.ontology, "classes have no names, descriptions or hierarchy");
    missing(inputs.labelIndex, "label indices are unknown");
    missing(inputs.quality, "no quality estimates");
    missing(inputs.rerated, "no segment is marked rerated");
    for (Split split : kAllSplits)
        missing(inputs.segments[splitIndex(split)],
                ("the " + std::string(splitName(split)) + " split is empty").c_str());
}

// Reads everything into the open transaction; throws Cancelled or SqliteError.
class MetadataBuild {
public:
    MetadataBuild(Database &db, const ReleaseInputs &inputs, Diagnostics &diagnostics,
                  const ProgressCallback &progress)
        : m_db(db)
        , m_inputs(inputs)
        , m_diagnostics(diagnostics)
        , m_progress(progress)
        , m_total(inputs.totalBytes()) {}

    void run(IndexReport &report) {
        recreateMetadataTables(m_db);
        if (m_inputs.ontology.present)
            step("ontology.json", m_inputs.ontology,
                 [&] { loadOntologyJson(m_inputs.ontology.path, m_graph, m_diagnostics); });
        if (m_inputs.labelIndex.present)
            step("class_labels_indices.csv", m_inputs.labelIndex,
                 [&] { loadLabelIndexCsv(m_inputs.labelIndex.path, m_graph, m_diagnostics); });
        std::vector<QualityRating> ratings;
        if (m_inputs.quality.present)
            step("qa_true_counts.csv", m_inputs.quality,
                 [&] { loadQualityCsv(m_inputs.quality.path, m_graph, ratings, m_diagnostics); });
        ReratedSet rerated;
        if (m_inputs.rerated.present)
            step("rerated_video_ids.txt", m_inputs.rerated,
                 [&] { loadReratedIds(m_inputs.rerated.path, rerated, m_diagnostics); });

        uint32_t nextSegmentId = 0;
        for (Split split : kAllSplits) {
            const InputFile &file = m_inputs.segments[splitIndex(split)];
            if (!file.present) continue;
            report.segments[splitIndex(split)] = loadSplit(split, file, rerated, nextSegmentId);
            nextSegmentId += static_cast<uint32_t>(report.segments[splitIndex(split)]);
        }
        tick("writing the index", m_done);
        indexwriter::writeClasses(m_db, m_graph);
        indexwriter::writeQuality(m_db, ratings);
        // Sorted splits are searched by id with a binary search over their row range; an index
        // is built only when some split is out of order.
        if (!m_allSorted) createMetadataIndexes(m_db);
        report.classes = static_cast<int64_t>(m_graph.size());
    }

private:
    template <typename Load> void step(const char *phase, const InputFile &file, Load &&load) {
        tick(phase, m_done);
        load();
        m_done += file.size;
    }

    int64_t loadSplit(Split split, const InputFile &file, ReratedSet &rerated, uint32_t firstId) {
        SplitFileSummary summary;
        summary.split = split;
        summary.path = file.path;
        summary.firstSegmentId = firstId;
        LabelStatistics statistics(m_graph);
        SegmentLoader loader(m_db, m_graph, rerated, m_diagnostics);
        const std::string phase = file.path.substr(file.path.find_last_of('/') + 1);
        const bool finished = loader.load(summary, statistics, [&](uint64_t offset) {
            return tickNoThrow(phase, m_done + std::min<uint64_t>(offset, file.size));
        });
        if (!finished) throw Cancelled();
        m_done += file.size;
        indexwriter::writeSplitStatistics(m_db, split, statistics);
        indexwriter::writeSplitFile(m_db, summary, statistics);
        m_allSorted &= summary.sortedByYtid;
        return summary.segmentCount;
    }

    bool tickNoThrow(const std::string &phase, uint64_t done) {
        return !m_progress || m_progress(Progress{phase, done, m_total});
    }
    void tick(const std::string &phase, uint64_t done) {
        if (!tickNoThrow(phase, done)) throw Cancelled();
    }

    Database &m_db;
    const ReleaseInputs &m_inputs;
    Diagnostics &m_diagnostics;
    const ProgressCallback &m_progress;
    ClassGraph m_graph;
    uint64_t m_total = 0;
    uint64_t m_done = 0;
    bool m_allSorted = true;
};

IndexReport failed(std::string message) {
    IndexReport report;
    report.outcome = IndexOutcome::Failed;
    report.message = std::move(message);
    return report;
}

std::string utcNow() {
    const std::time_t now = std::time(nullptr);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
    return text;
}

IndexReport runInTransaction(Database &db, const ReleaseInputs &inputs, const std::string &dataDir,
                             bool strict, Diagnostics &diagnostics,
                             const ProgressCallback &progress) {
    IndexReport report;
    db.exec("BEGIN IMMEDIATE");
    try {
        ensureBaseSchema(db);
        MetadataBuild(db, inputs, diagnostics, progress).run(report);
        indexwriter::writeInputs(db, kStage, inputs.all());
        indexwriter::writeMeta(db, "data_dir", dataDir);
        indexwriter::writeMeta(db, "indexed_at", utcNow());
        indexwriter::writeMeta(db, "synthetic",
                               ::access((dataDir + "/SYNTHETIC").c_str(), F_OK) == 0 ? "1" : "0");
        if (strict && diagnostics.seriousTotal() > 0) {
            db.exec("ROLLBACK");
            return failed(std::to_string(diagnostics.seriousTotal()) +
                          " problem(s) in the input and --strict is set; the index was not "
                          "changed");
        }
        db.exec("COMMIT");
    } catch (const Cancelled &) {
        db.exec("ROLLBACK");
        report.outcome = IndexOutcome::Cancelled;
        report.message = "cancelled; the index was not changed";
        return report;
    } catch (const SqliteError &error) {
        db.exec("ROLLBACK");
        return failed(std::string("database error: ") + error.what() +
                      "; the index was not changed");
    }
    report.outcome = IndexOutcome::Indexed;
    return report;
}

} // namespace

IndexReport indexRelease(const IndexOptions &options, Diagnostics &diagnostics,
                         const ProgressCallback &progress) {
    if (!isDirectory(options.dataDir))
        return failed(options.dataDir + ": not a folder (expected an AudioSet release folder)");
    const std::string dataDir = absolutePath(options.dataDir);
    const ReleaseInputs inputs = discoverReleaseInputs(dataDir);
    if (!inputs.anyPresent())
        return failed(options.dataDir +
                      ": no AudioSet release files here (expected ontology.json, "
                      "class_labels_indices.csv, qa_true_counts.csv, rerated_video_ids.txt or "
                      "eval/balanced_train/unbalanced_train_segments.csv)");

    const bool existed = ::access(options.dbPath.c_str(), F_OK) == 0;
    try {
        Database db(options.dbPath, Database::Mode::ReadWriteCreate);
        if (auto problem = schemaProblem(db)) return failed(*problem);
        if (!options.force && inputsUnchanged(db, inputs)) {
            IndexReport report;
            report.outcome = IndexOutcome::UpToDate;
            report.message = "the index is up to date; no input file changed";
            return report;
        }
        reportMissing(inputs, diagnostics);
        db.exec("PRAGMA page_size = 16384"); // only takes effect on a new file
        db.exec("PRAGMA cache_size = -65536");
        db.exec("PRAGMA temp_store = MEMORY");
        IndexReport report =
            runInTransaction(db, inputs, dataDir, options.strict, diagnostics, progress);
        if (report.outcome != IndexOutcome::Indexed && !existed) ::unlink(options.dbPath.c_str());
        return report;
    } catch (const SqliteError &error) {
        return failed(error.what());
    }
}

} // namespace audioset

#include "indexer.h"

#include "diagnostics.h"
#include "earlywriteback.h"
#include "embeddingindexer.h"
#include "featuresources.h"
#include "indexwriter.h"
#include "metadatabuild.h"
#include "progresstracker.h"
#include "releaseinputs.h"
#include "schema.h"
#include "sqlitedb.h"

#include <climits>
#include <cstdlib>
#include <ctime>
#include <sys/stat.h>
#include <unistd.h>

namespace audioset {

namespace {

const std::string kMetadataStage = "metadata";
const std::string kFeaturesStage = "features";

bool isDirectory(const std::string &path) {
    struct stat info {};
    return ::stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
}

std::string absolutePath(const std::string &path) {
    char resolved[PATH_MAX];
    return ::realpath(path.c_str(), resolved) ? std::string(resolved) : path;
}

// True when the index holds `table` and the stored fingerprints of `stage` equal `files`.
bool stageUnchanged(Database &db, const std::string &stage,
                    const std::vector<const InputFile *> &files, const char *table) {
    if (!db.tableExists("inputs") || !db.tableExists(table)) return false;
    Statement query = db.prepare("SELECT role, path, size, mtime_ns FROM inputs WHERE stage=?");
    query.bind(1, stage);
    size_t matched = 0;
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

IndexReport failed(std::string message) {
    IndexReport report;
    report.outcome = Outcome::failed(std::move(message));
    return report;
}

std::string utcNow() {
    const std::time_t now = std::time(nullptr);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
    return text;
}

/// What a run has to do.
struct Plan {
    bool metadata = false;
    bool features = false;
    bool relink = false; // the segments (or the links' layout) change, the embeddings do not
};

class IndexRun {
public:
    IndexRun(Database &db, const ReleaseInputs &inputs, const FeatureInputs &features,
             const std::string &dataDir, Diagnostics &diagnostics, ProgressTracker &progress,
             EarlyWriteback &writeback)
        : m_db(db)
        , m_inputs(inputs)
        , m_features(features)
        , m_dataDir(dataDir)
        , m_diagnostics(diagnostics)
        , m_progress(progress)
        , m_writeback(writeback) {}

    void run(const Plan &plan, IndexReport &report) {
        ensureBaseSchema(m_db);
        if (plan.metadata) {
            MetadataBuild build(m_db, m_inputs, m_diagnostics, m_progress);
            build.run();
            report.metadataIndexed = true;
            report.segments = build.segments();
            report.classes = build.classCount();
            indexwriter::writeInputs(m_db, kMetadataStage, m_inputs.all());
            indexwriter::writeMeta(m_db, "data_dir", m_dataDir);
            indexwriter::writeMeta(m_db, "synthetic",
                                   ::access((m_dataDir + "/SYNTHETIC").c_str(), F_OK) == 0 ? "1"
                                                                                           : "0");
        }
        EmbeddingCounts counts;
        if (plan.features)
            indexFeatures(counts);
        else if (plan.relink) {
            m_progress.tick("matching embeddings to segments");
            relinkEmbeddings(m_db, m_diagnostics, counts);
        }
        if (plan.features || plan.relink) {
            report.embeddingsIndexed = plan.features;
            for (Split split : kAllSplits) {
                const auto s = static_cast<size_t>(splitIndex(split));
                report.embeddings[s] = counts.records[s];
                report.orphanEmbeddings += counts.orphans[s];
            }
        }
        indexwriter::writeMeta(m_db, "indexed_at", utcNow());
    }

private:
    void indexFeatures(EmbeddingCounts &counts) {
        if (!m_features.present()) {
            recreateEmbeddingTables(m_db);
        } else {
            // The frames are written once and read one segment at a time later.
            m_writeback.dropPagesAppendedFromNow();
            // The rows go in at the end of their tables (a shard's segments are neighbours), so
            // few pages are read back: a small cache leaves less for the commit to write and
            // sync after the last record (the early writeback has synced the rest).
            m_db.exec("PRAGMA cache_size = -1024");
            const bool finished = indexEmbeddings(
                m_db, m_features, m_diagnostics,
                [&](uint64_t done) { return m_progress.report("embeddings", done); }, counts);
            if (!finished) throw Cancelled();
        }
        m_progress.complete(m_features.totalBytes);
        indexwriter::writeInputs(m_db, kFeaturesStage, {&m_features.fingerprint});
    }

    Database &m_db;
    const ReleaseInputs &m_inputs;
    const FeatureInputs &m_features;
    const std::string &m_dataDir;
    Diagnostics &m_diagnostics;
    ProgressTracker &m_progress;
    EarlyWriteback &m_writeback;
};

IndexReport runInTransaction(Database &db, IndexRun &run, const Plan &plan, bool strict,
                             Diagnostics &diagnostics) {
    IndexReport report;
    db.exec("BEGIN IMMEDIATE");
    try {
        run.run(plan, report);
        if (strict && diagnostics.seriousTotal() > 0) {
            db.exec("ROLLBACK");
            return failed(std::to_string(diagnostics.seriousTotal()) +
                          " problem(s) in the input and --strict is set; the index was not "
                          "changed");
        }
        db.exec("COMMIT");
    } catch (const Cancelled &) {
        db.exec("ROLLBACK");
        report.outcome = Outcome::cancelled("cancelled; the index was not changed");
        return report;
    } catch (const UnreadableInput &input) {
        db.exec("ROLLBACK");
        return failed(input.path + " cannot be read at all (see above); the index was not changed");
    } catch (const SqliteError &error) {
        db.exec("ROLLBACK");
        return failed(std::string("database error: ") + error.what() +
                      "; the index was not changed");
    }
    report.outcome = Outcome::ok();
    return report;
}

} // namespace

IndexReport indexRelease(const IndexOptions &options, Diagnostics &diagnostics,
                         const ProgressCallback &progress) {
    if (!isDirectory(options.dataDir))
        return failed(options.dataDir + ": not a folder (expected an AudioSet release folder)");
    const std::string dataDir = absolutePath(options.dataDir);
    const ReleaseInputs inputs = discoverReleaseInputs(dataDir);
    const FeatureInputs features = discoverFeatureInputs(dataDir, options.featurePaths);
    if (!inputs.anyPresent() && !features.present())
        return failed(options.dataDir +
                      ": no AudioSet release files here (expected ontology.json, "
                      "class_labels_indices.csv, qa_true_counts.csv, rerated_video_ids.txt, "
                      "eval/balanced_train/unbalanced_train_segments.csv or features)");

    const bool existed = ::access(options.dbPath.c_str(), F_OK) == 0;
    try {
        Database db(options.dbPath, Database::Mode::ReadWriteCreate);
        if (auto problem = schemaProblem(db)) return failed(*problem);
        Plan plan;
        plan.metadata =
            options.force || !stageUnchanged(db, kMetadataStage, inputs.all(), "segments");
        plan.features = options.force || hasSchema1Embeddings(db) ||
                        !stageUnchanged(db, kFeaturesStage, {&features.fingerprint}, "embeddings");
        plan.relink = (plan.metadata || embeddingLinksLackVectors(db)) && !plan.features;
        if (!plan.metadata && !plan.features && !plan.relink) {
            IndexReport report;
            report.outcome = Outcome::ok("the index is up to date; no input file changed");
            report.upToDate = true;
            return report;
        }
        if (plan.metadata) reportMissingMetadata(inputs, diagnostics);
        if (plan.features && !features.present())
            diagnostics.report(ProblemKind::MissingFile, dataDir + "/features.tar.gz", kWholeFile,
                               "not found (nor audioset_v1_embeddings/); no embeddings");
        db.exec("PRAGMA page_size = 16384"); // only takes effect on a new file
        db.exec("PRAGMA cache_size = -16384");
        db.exec("PRAGMA temp_store = MEMORY");
        ProgressTracker tracker(progress, (plan.metadata ? inputs.totalBytes() : 0) +
                                              (plan.features ? features.totalBytes : 0));
        IndexReport report;
        {
            EarlyWriteback writeback(options.dbPath);
            IndexRun run(db, inputs, features, dataDir, diagnostics, tracker, writeback);
            report = runInTransaction(db, run, plan, options.strict, diagnostics);
        }
        if (!report.indexed() && !existed) ::unlink(options.dbPath.c_str());
        return report;
    } catch (const SqliteError &error) {
        return failed(error.what());
    }
}

} // namespace audioset

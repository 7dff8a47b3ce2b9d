#include "labelerrorranking.h"

#include "catalog.h"
#include "labelerrors.h"
#include "schema.h"
#include "similarityindex.h"
#include "sqlitedb.h"

#include <algorithm>
#include <ctime>

namespace audioset {

namespace {

std::string utcNow() {
    const std::time_t now = std::time(nullptr);
    std::tm parts{};
    gmtime_r(&now, &parts);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
    return text;
}

bool hasScoreTables(Database &db) {
    return db.tableExists("label_error_runs") && db.tableExists("label_error_scores");
}

} // namespace

Outcome computeLabelErrors(Catalog &catalog, const SimilarityIndex &index,
                           const std::string &classMid, Split split,
                           const LabelErrorOptions &options, const ProgressCallback &progress,
                           LabelErrorRanking &out) {
    const int k = options.k;
    const auto classId = catalog.classIdOf(classMid);
    if (!classId) return Outcome::failed("no class " + classMid + " in this index");
    if (k < 1) return Outcome::failed("k must be at least 1");
    const VectorSet &vectors = index.vectors();
    const std::vector<bool> carries = index.rowsCarrying(catalog, *classId, split);
    const std::string phase = "scoring " + classMid + " in " + std::string(splitName(split));
    bool stopped = false;
    size_t splitRows = 0;
    for (size_t row = 0; row < vectors.size(); ++row)
        splitRows += vectors.row(row).split() == split ? 1 : 0;
    LabelErrorSearch search;
    search.k = size_t(k);
    search.threads = options.threads;
    search.probe = probedLeavesFor(splitRows, options.forceExact);
    size_t proved = 0;
    const auto scores = scoreLabelErrors(
        index.neighbours(), split, carries, search,
        [&](double share) {
            if (!progress) return true;
            stopped = !progress(Progress{phase, uint64_t(share * 1000.0), 1000});
            return !stopped;
        },
        proved);
    if (stopped) return Outcome::cancelled("cancelled; no scores were stored");
    out = LabelErrorRanking{};
    out.classMid = classMid;
    out.split = split;
    out.k = k;
    out.search = searchDescription(search.probe);
    out.proved = static_cast<int64_t>(proved);
    out.computedAt = utcNow();
    for (const LabelErrorScore &score : scores)
        out.entries.push_back({index.segmentOf(score.row), score.score, score.distanceFromMean});
    return Outcome::ok(std::to_string(out.entries.size()) + " segments scored");
}

Outcome storeLabelErrors(const std::string &indexPath, LabelErrorRanking &ranking) {
    try {
        Database db(indexPath, Database::Mode::ReadWrite);
        if (auto problem = schemaProblem(db)) return Outcome::failed(*problem);
        if (!hasScoreTables(db))
            return Outcome::failed(indexPath + " predates stored label-error scores; re-index "
                                               "it (audioset index --force) to keep them");
        Statement lookup = db.prepare("SELECT id FROM classes WHERE mid = ?");
        lookup.bind(1, std::string_view(ranking.classMid));
        if (!lookup.step())
            return Outcome::failed("no class " + ranking.classMid + " in " + indexPath);
        const int64_t classId = lookup.columnInt(0);
        if (ranking.computedAt.empty()) ranking.computedAt = utcNow();
        db.exec("BEGIN IMMEDIATE");
        Statement clear =
            db.prepare("DELETE FROM label_error_scores WHERE class_id = ? AND split = ? AND k = ?");
        clear.bind(1, classId).bind(2, splitIndex(ranking.split)).bind(3, ranking.k);
        clear.run();
        Statement insert = db.prepare("INSERT INTO label_error_scores VALUES(?,?,?,?,?,?,?)");
        for (size_t rank = 0; rank < ranking.entries.size(); ++rank) {
            const auto &entry = ranking.entries[rank];
            insert.bind(1, classId)
                .bind(2, splitIndex(ranking.split))
                .bind(3, ranking.k)
                .bind(4, static_cast<int64_t>(rank))
                .bind(5, entry.segmentId)
                .bind(6, entry.score)
                .bind(7, entry.meanDistance);
            insert.run();
        }
        Statement run = db.prepare("INSERT OR REPLACE INTO label_error_runs VALUES(?,?,?,?,?,?,?)");
        run.bind(1, classId)
            .bind(2, splitIndex(ranking.split))
            .bind(3, ranking.k)
            .bind(4, static_cast<int64_t>(ranking.entries.size()))
            .bind(5, ranking.computedAt)
            .bind(6, std::string_view(ranking.search))
            .bind(7, ranking.proved);
        run.run();
        db.exec("COMMIT");
        return Outcome::ok();
    } catch (const SqliteError &error) {
        return Outcome::failed(indexPath + ": cannot store the scores: " + error.what());
    }
}

Outcome loadLabelErrors(const std::string &indexPath, const std::string &classMid, Split split,
                        int k, LabelErrorRanking &out, bool &found) {
    found = false;
    try {
        Database db(indexPath, Database::Mode::ReadOnly);
        if (!hasScoreTables(db)) return Outcome::ok();
        Statement runs = db.prepare("SELECT r.class_id, r.computed_at, r.search, r.proved "
                                    "FROM label_error_runs r "
                                    "JOIN classes c ON c.id = r.class_id "
                                    "WHERE c.mid = ? AND r.split = ? AND r.k = ?");
        runs.bindStatic(1, classMid).bind(2, splitIndex(split)).bind(3, k);
        if (!runs.step()) return Outcome::ok();
        out = LabelErrorRanking{};
        out.classMid = classMid;
        out.split = split;
        out.k = k;
        out.computedAt = runs.columnString(1);
        out.search = runs.columnString(2);
        out.proved = runs.columnInt(3);
        Statement scores = db.prepare("SELECT segment_id, score, mean_distance "
                                      "FROM label_error_scores WHERE class_id = ? AND split = ? "
                                      "AND k = ? ORDER BY rank");
        scores.bind(1, runs.columnInt(0)).bind(2, splitIndex(split)).bind(3, k);
        while (scores.step())
            out.entries.push_back(
                {scores.columnInt(0), scores.columnDouble(1), scores.columnDouble(2)});
        found = true;
        return Outcome::ok();
    } catch (const SqliteError &error) {
        return Outcome::failed(indexPath + ": cannot read the stored scores: " + error.what());
    }
}

} // namespace audioset

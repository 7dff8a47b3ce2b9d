#include "indexwriter.h"
#include "littleendian.h"

#include "classgraph.h"
#include "labelstatistics.h"
#include "pairlist.h"
#include "postinglist.h"
#include "releaseinputs.h"
#include "rowinserter.h"
#include "splitfilesummary.h"
#include "sqlitedb.h"

#include <algorithm>

namespace audioset::indexwriter {

namespace {

std::string joinLines(const std::vector<std::string> &items) {
    std::string joined;
    for (const std::string &item : items) {
        if (!joined.empty()) joined += '\n';
        joined += item;
    }
    return joined;
}

void bindPostings(Statement &statement, int index, const std::vector<uint32_t> &ids,
                  std::string &scratch) {
    posting::encode(ids, scratch);
    statement.bindBlob(index, scratch.data(), scratch.size());
}

void bindOptional(Statement &statement, int index, const std::optional<int64_t> &value) {
    if (value)
        statement.bind(index, *value);
    else
        statement.bindNull(index);
}

// One row per class: written as a row per pair (356,000 at full scale) they took a fifth of
// a metadata index's time, after the last segment while nothing else ran.
void writePairs(Database &db, int splitValue, const LabelStatistics &statistics) {
    std::vector<std::vector<pairlist::Pair>> byClass(statistics.classCount());
    statistics.forEachPair([&](int a, int b, uint32_t count) {
        if (static_cast<size_t>(a) >= byClass.size()) byClass.resize(static_cast<size_t>(a) + 1);
        byClass[static_cast<size_t>(a)].push_back({static_cast<uint32_t>(b), count});
    });
    RowInserter rows(db, "cooccurrence", 3);
    std::string blob;
    for (size_t classId = 0; classId < byClass.size(); ++classId) {
        auto &pairs = byClass[classId];
        if (pairs.empty()) continue;
        // The dense part comes in order; pairs of classes beyond it do not.
        std::sort(pairs.begin(), pairs.end(), [](const pairlist::Pair &x, const pairlist::Pair &y) {
            return x.other < y.other;
        });
        pairlist::encode(pairs, blob);
        rows.row()
            .integer(splitValue)
            .integer(static_cast<int64_t>(classId))
            .copyBlob(blob.data(), blob.size());
    }
    rows.flush();
}

} // namespace

void writeClasses(Database &db, const ClassGraph &graph) {
    Statement insertClass = db.prepare("INSERT INTO classes VALUES(?,?,?,?,?,?,?,?,?,?)");
    Statement insertEdge = db.prepare("INSERT INTO class_edges VALUES(?,?,?)");
    for (size_t i = 0; i < graph.size(); ++i) {
        const int id = static_cast<int>(i);
        const ClassRecord &record = graph.at(id);
        insertClass.bind(1, id)
            .bind(2, record.mid)
            .bind(3, record.name)
            .bind(4, record.description)
            .bind(5, record.citationUri)
            .bind(6, joinLines(record.positiveExamples))
            .bind(7, record.abstract ? 1 : 0)
            .bind(8, record.blacklisted ? 1 : 0)
            .bind(9, record.inOntology ? 1 : 0);
        if (record.labelIndex >= 0)
            insertClass.bind(10, record.labelIndex);
        else
            insertClass.bindNull(10);
        insertClass.run();
        for (size_t position = 0; position < record.children.size(); ++position) {
            insertEdge.bind(1, id)
                .bind(2, record.children[position])
                .bind(3, static_cast<int64_t>(position));
            insertEdge.run();
        }
    }
}

void writeSplitStatistics(Database &db, Split split, LabelStatistics &statistics) {
    RowInserter counts(db, "class_counts", 7);
    Statement insertPostings = db.prepare("INSERT INTO class_postings(class_id, split, rollup, "
                                          "count, segment_ids) VALUES(?,?,?,?,?)");
    const int splitValue = splitIndex(split);
    std::string scratch;
    const int classCount = static_cast<int>(statistics.classCount());
    for (int classId = 0; classId < classCount; ++classId) {
        const SplitCounts &totals = statistics.totals(classId);
        counts.row()
            .integer(classId)
            .integer(splitValue)
            .integer(totals.direct)
            .integer(totals.rollup)
            .integer(totals.exclusive)
            .integer(totals.reratedDirect)
            .integer(totals.reratedRollup);
        for (int rollup = 0; rollup < 2; ++rollup) {
            const auto &ids =
                rollup ? statistics.rollupPostings(classId) : statistics.directPostings(classId);
            // A rollup equal to the direct list (every leaf) is not stored twice.
            if (ids.empty() || (rollup && ids.size() == statistics.directPostings(classId).size()))
                continue;
            insertPostings.bind(1, classId)
                .bind(2, splitValue)
                .bind(3, rollup)
                .bind(4, static_cast<int64_t>(ids.size()));
            bindPostings(insertPostings, 5, ids, scratch);
            insertPostings.run();
        }
        statistics.releasePostings(classId);
    }
    counts.flush();
    writePairs(db, splitValue, statistics);
}

void writeSplitFile(Database &db, const SplitFileSummary &summary,
                    const LabelStatistics &statistics) {
    int64_t uniqueLabels = 0;
    for (size_t classId = 0; classId < statistics.classCount(); ++classId)
        uniqueLabels += statistics.totals(static_cast<int>(classId)).direct > 0;
    Statement insert = db.prepare("INSERT INTO split_files VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    insert.bind(1, splitIndex(summary.split))
        .bind(2, summary.path)
        .bind(3, summary.header.createdLine)
        .bind(4, static_cast<int64_t>(summary.firstSegmentId))
        .bind(5, summary.segmentCount)
        .bind(6, summary.skippedRows)
        .bind(7, summary.distinctYtids)
        .bind(8, uniqueLabels)
        .bind(9, statistics.positiveLabelCount())
        .bind(10, summary.reratedSegments)
        .bind(11, summary.sortedByYtid ? 1 : 0);
    bindOptional(insert, 12, summary.header.numYtids);
    bindOptional(insert, 13, summary.header.numSegs);
    bindOptional(insert, 14, summary.header.numUniqueLabels);
    bindOptional(insert, 15, summary.header.numPositiveLabels);
    insert.run();
}

void writeQuality(Database &db, const std::vector<QualityRating> &ratings) {
    Statement insert = db.prepare("INSERT INTO quality VALUES(?,?,?)");
    for (const QualityRating &rating : ratings) {
        insert.bind(1, rating.classId).bind(2, rating.rated).bind(3, rating.trueCount);
        insert.run();
    }
}

void writeInputs(Database &db, const std::string &stage,
                 const std::vector<const InputFile *> &files) {
    Statement clear = db.prepare("DELETE FROM inputs WHERE stage=?");
    clear.bind(1, stage);
    clear.run();
    Statement insert = db.prepare("INSERT INTO inputs VALUES(?,?,?,?,?)");
    for (const InputFile *file : files) {
        insert.bind(1, stage)
            .bind(2, file->role)
            .bind(3, file->path)
            .bind(4, file->present ? static_cast<int64_t>(file->size) : -1)
            .bind(5, file->mtimeNs);
        insert.run();
    }
}

void writeMeta(Database &db, const std::string &key, const std::string &value) {
    Statement insert = db.prepare("INSERT OR REPLACE INTO meta VALUES(?,?)");
    insert.bind(1, key).bind(2, value);
    insert.run();
}

} // namespace audioset::indexwriter

#include "embeddingindexer.h"

#include "littleendian.h"

#include "audiosetrecord.h"
#include "boundedqueue.h"
#include "bytehash.h"
#include "classembeddingmeans.h"
#include "diagnostics.h"
#include "embeddingmatcher.h"
#include "featurereader.h"
#include "featuresources.h"
#include "releaseencoding.h"
#include "rowinserter.h"
#include "schema.h"
#include "sqlitedb.h"
#include "textparse.h"

#include <cmath>
#include <optional>
#include <thread>

namespace audioset {

namespace {

// Ties records to segments and accumulates the class means; shared by indexing and relinking.
class EmbeddingLinker {
public:
    EmbeddingLinker(Database &db, Diagnostics &diagnostics, EmbeddingCounts &counts)
        : m_db(db)
        , m_diagnostics(diagnostics)
        , m_counts(counts)
        , m_means(db)
        , m_links(db,
                  "segment_embeddings(segment_id,embedding_id,labels_agree,frame_count,sums,"
                  "frames_hash)",
                  6, 32, RowInserter::OnFailure::KeepEarlierRows) {}

    void link(int64_t embeddingId, Split split, std::string_view ytid, int64_t startMs,
              const std::vector<int64_t> &labels, std::string_view frames, const FrameSums &sums,
              uint64_t framesHash, const std::string &file, uint64_t offset) {
        const size_t frameCount = frames.size() / kEmbeddingDims;
        const size_t s = static_cast<size_t>(splitIndex(split));
        ++m_counts.records[s];
        SegmentMatcher::Match match;
        const auto outcome = matcher().match(split, PackedYtid::pack(ytid), startMs, labels, match);
        if (outcome != SegmentMatcher::Outcome::Matched) {
            ++m_counts.orphans[s];
            const std::string what = std::string(ytid) + " at " + formatMsAsSeconds(startMs) +
                                     " s (" + std::string(splitName(split)) + ")";
            if (outcome == SegmentMatcher::Outcome::AlreadyMatched)
                m_diagnostics.report(ProblemKind::DuplicateRecord, file, offset,
                                     "a second record for segment " + what + "; kept as an orphan");
            else
                m_diagnostics.report(ProblemKind::OrphanRecord, file, offset,
                                     "record for " + what +
                                         " has no segment in the CSV; kept as an orphan");
            return;
        }
        ++m_counts.linked[s];
        if (!match.labelsAgree) {
            ++m_counts.labelDisagreements[s];
            m_diagnostics.report(ProblemKind::LabelDisagreement, file, offset,
                                 "the labels of the record for " + std::string(ytid) +
                                     " differ from its CSV row");
        }
        m_links.row()
            .integer(match.segmentId)
            .integer(embeddingId)
            .integer(match.labelsAgree ? 1 : 0)
            .integer(static_cast<int64_t>(frameCount));
        appendSums(sums, frameCount);
        m_links.integer(static_cast<int64_t>(framesHash));
        m_means.add(split, match.classes, match.classCount, sums, frameCount);
    }

    /// Inserts the rows linked so far.
    void flush() { m_links.flush(); }

    void finish() {
        flush();
        m_means.write(m_db);
        Statement summary = m_db.prepare("INSERT INTO embedding_summary VALUES(?,?,?,?,?)");
        for (Split split : kAllSplits) {
            const size_t s = static_cast<size_t>(splitIndex(split));
            summary.bind(1, splitIndex(split))
                .bind(2, m_counts.records[s])
                .bind(3, m_counts.linked[s])
                .bind(4, m_counts.orphans[s])
                .bind(5, m_counts.labelDisagreements[s]);
            summary.run();
        }
    }

private:
    // Loaded at the first record: an index without embeddings never reads the segments back.
    SegmentMatcher &matcher() {
        if (!m_matcher) m_matcher.emplace(m_db);
        return *m_matcher;
    }

    // The link's sums column. Sums of up to 257 frames fit uint16; a real 10-second segment
    // has 10 or fewer.
    void appendSums(const FrameSums &sums, size_t frameCount) {
        if (frameCount == 0 || frameCount > 257) {
            m_links.null();
            return;
        }
        unsigned char packed[2 * kEmbeddingDims];
        for (size_t d = 0; d < kEmbeddingDims; ++d)
            writeLe16(packed + 2 * d, static_cast<uint16_t>(sums[d]));
        m_links.copyBlob(packed, sizeof packed);
    }

    Database &m_db;
    Diagnostics &m_diagnostics;
    EmbeddingCounts &m_counts;
    std::optional<SegmentMatcher> m_matcher;
    ClassEmbeddingMeans m_means;
    RowInserter m_links;
};

} // namespace

bool indexEmbeddings(Database &db, const FeatureInputs &inputs, Diagnostics &diagnostics,
                     const std::function<bool(uint64_t)> &onProgress, EmbeddingCounts &counts) {
    recreateEmbeddingTables(db);
    // Reading starts first, so inflating overlaps with loading the segments to match against;
    // the queue is deep enough for most of that.
    BoundedQueue<FeatureBatch> queue(16); // about 1.4 MB each
    BoundedQueue<FeatureBatch> spare(4);  // read batches, handed back to be filled again
    std::atomic<bool> stop{false};
    FeatureReader reader(inputs, queue, spare, stop);
    ProducerThread<FeatureBatch> thread(queue, stop, [&reader] { reader.run(); });

    EmbeddingLinker linker(db, diagnostics, counts);

    // Without the id: SQLite gives the fresh table's rows 1, 2, ... (nextId), and appends them
    // without a search from the root page. The transaction is rolled back whole on any error,
    // so a statement's rows before a failing one need no undoing (KeepEarlierRows).
    RowInserter records(db,
                        "embeddings(split,ytid,start_ms,end_ms,frame_count,labels,layout,frames)",
                        8, 32, RowInserter::OnFailure::KeepEarlierRows);
    std::vector<int64_t> labels;
    int64_t nextId = 1;
    FeatureBatch batch;
    while (queue.pop(batch)) {
        drainProblems(batch.problems, diagnostics, [&](FeatureProblem &problem) {
            diagnostics.report(problem.kind, problem.file, problem.offset,
                               std::move(problem.message));
        });
        for (const DecodedRecord &record : batch.records) {
            const std::string &source = batch.sources[record.source];
            if (!record.error.empty()) {
                diagnostics.report(ProblemKind::BadRecord, source, record.offset,
                                   record.error + "; skipped");
                continue;
            }
            const std::string_view ytid(record.ytid.data(), record.ytid.size());
            const std::string_view frames(batch.frames.data() + record.framesBegin,
                                          record.framesSize);
            const std::string_view layout(batch.layouts.data() + record.layoutBegin,
                                          record.layoutSize);
            const std::string_view labelText(batch.labelTexts.data() + record.labelTextBegin,
                                             record.labelTextSize);
            labels.assign(batch.labels.begin() + static_cast<std::ptrdiff_t>(record.labelsBegin),
                          batch.labels.begin() +
                              static_cast<std::ptrdiff_t>(record.labelsBegin + record.labelsCount));
            const int64_t startMs = storedMsOfSeconds(record.startSeconds);
            records.row()
                .integer(splitIndex(record.split))
                .text(ytid)
                .integer(startMs)
                .integer(storedMsOfSeconds(record.endSeconds))
                .integer(static_cast<int64_t>(frames.size() / kEmbeddingDims))
                .text(labelText)
                .blob(layout.data(), layout.size())
                .blob(frames.data(), frames.size());
            linker.link(nextId, record.split, ytid, startMs, labels, frames, record.frameSums,
                        record.framesHash, source, record.offset);
            ++nextId;
        }
        // Before the batch, whose bytes the rows point into, is reused.
        records.flush();
        linker.flush();
        if (!onProgress(batch.bytesDone)) return false;
        batch.clear();
        spare.tryPush(std::move(batch)); // the next pop() assigns `batch` whole
    }
    if (db.queryInt("SELECT coalesce(max(id), 0) FROM embeddings") != nextId - 1)
        throw SqliteError(db.path() + ": the embeddings were not numbered 1 to " +
                          std::to_string(nextId - 1) + " as linked");
    linker.finish();
    return true;
}

void relinkEmbeddings(Database &db, Diagnostics &diagnostics, EmbeddingCounts &counts) {
    recreateEmbeddingLinkTables(db);
    EmbeddingLinker linker(db, diagnostics, counts);
    Statement records =
        db.prepare("SELECT id, split, ytid, start_ms, labels, frames FROM embeddings ORDER BY id");
    while (records.step()) {
        const std::string_view frames(static_cast<const char *>(records.columnBlob(5)),
                                      records.columnBytes(5));
        linker.link(records.columnInt(0), static_cast<Split>(records.columnInt(1) % kSplitCount),
                    records.columnText(2), records.columnInt(3),
                    parseLabelText(records.columnText(4)), frames, sumFrames(frames),
                    hashBytes(frames), db.path(), kWholeFile);
    }
    linker.finish();
}

} // namespace audioset

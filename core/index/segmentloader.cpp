#include "segmentloader.h"

#include "boundedqueue.h"
#include "diagnostics.h"
#include "rowinserter.h"
#include "splitreader.h"
#include "sqlitedb.h"

#include <atomic>
#include <thread>

namespace audioset {

namespace {

// Inserts a split's rows. Rows after the first go without their id: SQLite then gives each the
// next rowid, which is the reader's next id, and appends it at the end of the table without a
// search from the root page or a uniqueness check.
class SegmentRowWriter {
public:
    SegmentRowWriter(Database &db, Split split)
        : m_split(splitIndex(split))
        , m_appended(db, "segments(split,ytid,start_ms,end_ms,rerated,labels)", 6, 32,
                     RowInserter::OnFailure::KeepEarlierRows)
        , m_withId(db.prepare("INSERT INTO segments VALUES(?,?,?,?,?,?,?)"))
        , m_voidFrom(db.prepare("DELETE FROM segments WHERE id >= ?")) {}

    void write(const RowBatch &batch) {
        for (const BatchRow &row : batch.rows) {
            const std::string_view labels =
                std::string_view(batch.labels).substr(row.labelsBegin, row.labelsSize);
            const std::string_view ytid(row.ytid.data(), row.ytid.size());
            if (row.id != m_nextRowid) {
                m_appended.flush();
                m_withId.bind(1, static_cast<int64_t>(row.id))
                    .bind(2, m_split)
                    .bindStatic(3, ytid)
                    .bind(4, row.startMs)
                    .bind(5, row.endMs)
                    .bind(6, row.rerated ? 1 : 0)
                    .bindStatic(7, labels);
                m_withId.run();
                m_nextRowid = int64_t(row.id) + 1;
                continue;
            }
            ++m_nextRowid;
            m_appended.row()
                .integer(m_split)
                .text(ytid)
                .integer(row.startMs)
                .integer(row.endMs)
                .integer(row.rerated ? 1 : 0)
                .text(labels);
        }
        m_appended.flush(); // before the batch's text goes
    }

    // Deletes the rows from `firstId` on.
    void voidFrom(uint32_t firstId) {
        m_voidFrom.bind(1, static_cast<int64_t>(firstId));
        m_voidFrom.run();
        m_nextRowid = -1;
    }

private:
    const int m_split;
    RowInserter m_appended;
    Statement m_withId;
    Statement m_voidFrom;
    int64_t m_nextRowid = -1; // the id SQLite gives the next row appended, once known
};

} // namespace

SegmentLoader::SegmentLoader(Database &db, ClassGraph &graph, ReratedSet &rerated,
                             Diagnostics &diagnostics)
    : m_db(db)
    , m_graph(graph)
    , m_rerated(rerated)
    , m_diagnostics(diagnostics) {}

bool SegmentLoader::load(SplitFileSummary &summary, LabelStatistics &statistics,
                         const std::function<bool(uint64_t)> &onProgress) {
    SegmentRowWriter writer(m_db, summary.split);
    BoundedQueue<RowBatch> queue(4);
    std::atomic<bool> stop{false};
    SplitReader reader(summary, m_graph, m_rerated, statistics, queue, stop);
    {
        ProducerThread<RowBatch> thread(queue, stop, [&reader] { reader.run(); });
        RowBatch batch;
        while (queue.pop(batch)) {
            drainProblems(batch.problems, m_diagnostics, [&](PendingProblem &problem) {
                m_diagnostics.report(problem.kind, summary.path, problem.line,
                                     std::move(problem.message));
            });
            if (batch.restart) writer.voidFrom(summary.firstSegmentId);
            writer.write(batch);
            if (!onProgress(batch.fileOffset))
                return false; // the thread guard stops and joins the reader
        }
    }
    return true;
}

} // namespace audioset

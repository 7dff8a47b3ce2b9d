#include "segmentloader.h"

#include "boundedqueue.h"
#include "diagnostics.h"
#include "rowinserter.h"
#include "splitreader.h"
#include "sqlitedb.h"

#include <atomic>
#include <thread>

namespace audioset {

SegmentLoader::SegmentLoader(Database &db, ClassGraph &graph, ReratedSet &rerated,
                             Diagnostics &diagnostics)
    : m_db(db)
    , m_graph(graph)
    , m_rerated(rerated)
    , m_diagnostics(diagnostics) {}

bool SegmentLoader::load(SplitFileSummary &summary, LabelStatistics &statistics,
                         const std::function<bool(uint64_t)> &onProgress) {
    RowInserter insert(m_db, "segments", 7);
    Statement voidRows = m_db.prepare("DELETE FROM segments WHERE id >= ?");
    const int splitValue = splitIndex(summary.split);
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
            if (batch.restart) {
                voidRows.bind(1, static_cast<int64_t>(summary.firstSegmentId));
                voidRows.run();
            }
            for (const BatchRow &row : batch.rows) {
                insert.row()
                    .integer(row.id)
                    .integer(splitValue)
                    .text(std::string_view(row.ytid.data(), row.ytid.size()))
                    .integer(row.startMs)
                    .integer(row.endMs)
                    .integer(row.rerated ? 1 : 0)
                    .text(std::string_view(batch.labels).substr(row.labelsBegin, row.labelsSize));
            }
            insert.flush(); // before the batch's text goes
            if (!onProgress(batch.fileOffset))
                return false; // the thread guard stops and joins the reader
        }
    }
    return true;
}

} // namespace audioset

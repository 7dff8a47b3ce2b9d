#include "segmentloader.h"

#include "boundedqueue.h"
#include "diagnostics.h"
#include "memoryrows.h"
#include "splitreader.h"
#include "sqlitedb.h"

#include <atomic>
#include <string>
#include <thread>

namespace audioset {

namespace {

// A batch's rows as SQLite reads them, less the id and the split.
class BatchRows : public RowSource {
public:
    explicit BatchRows(const RowBatch &batch, size_t first)
        : m_batch(batch)
        , m_first(first) {}
    size_t rowCount() const override { return m_batch.rows.size() - m_first; }
    void value(size_t index, int column, ColumnValue &out) const override {
        const BatchRow &row = m_batch.rows[m_first + index];
        switch (column) {
        case 0:
            out.text({row.ytid.data(), row.ytid.size()});
            break;
        case 1:
            out.integer(row.startMs);
            break;
        case 2:
            out.integer(row.endMs);
            break;
        case 3:
            out.integer(row.rerated ? 1 : 0);
            break;
        default:
            out.text(std::string_view(m_batch.labels).substr(row.labelsBegin, row.labelsSize));
        }
    }

private:
    const RowBatch &m_batch;
    const size_t m_first;
};

// Inserts a split's rows. Rows after the first go without their id: SQLite then gives each the
// next rowid, which is the reader's next id, and appends it at the end of the table without a
// search from the root page or a uniqueness check. A batch goes in one statement that reads
// it in place (MemoryRows); OR FAIL keeps no statement journal, which a transaction rolled back
// whole on any error does not need.
class SegmentRowWriter {
public:
    SegmentRowWriter(Database &db, Split split)
        : m_rows(db, "audioset_segment_rows", "ytid, start_ms, end_ms, rerated, labels")
        , m_append(db.prepare("INSERT OR FAIL INTO segments(split,ytid,start_ms,end_ms,rerated,"
                              "labels) SELECT " +
                              std::to_string(splitIndex(split)) +
                              ", ytid, start_ms, end_ms, rerated, labels FROM "
                              "audioset_segment_rows"))
        , m_withId(db.prepare("INSERT INTO segments VALUES(?,?,?,?,?,?,?)"))
        , m_voidFrom(db.prepare("DELETE FROM segments WHERE id >= ?"))
        , m_split(splitIndex(split))
        , m_path(db.path()) {}

    void write(const RowBatch &batch) {
        if (batch.rows.empty()) return;
        size_t first = 0;
        if (batch.rows.front().id != m_nextRowid) insertWithId(batch, batch.rows[first++]);
        // The reader numbers rows one by one, so the last id tells whether the rowids SQLite
        // gives the batch are its ids.
        m_nextRowid += static_cast<int64_t>(batch.rows.size() - first);
        if (int64_t(batch.rows.back().id) + 1 != m_nextRowid)
            throw SqliteError(m_path + ": segment ids of a batch are not consecutive");
        m_rows.run(m_append, BatchRows(batch, first));
    }

    // Deletes the rows from `firstId` on.
    void voidFrom(uint32_t firstId) {
        m_voidFrom.bind(1, static_cast<int64_t>(firstId));
        m_voidFrom.run();
        m_nextRowid = -1;
    }

private:
    void insertWithId(const RowBatch &batch, const BatchRow &row) {
        m_withId.bind(1, static_cast<int64_t>(row.id))
            .bind(2, m_split)
            .bindStatic(3, {row.ytid.data(), row.ytid.size()})
            .bind(4, row.startMs)
            .bind(5, row.endMs)
            .bind(6, row.rerated ? 1 : 0)
            .bindStatic(7, std::string_view(batch.labels).substr(row.labelsBegin, row.labelsSize));
        m_withId.run();
        m_nextRowid = int64_t(row.id) + 1;
    }

    MemoryRows m_rows; // before the statement that reads it, which goes first
    Statement m_append;
    Statement m_withId;
    Statement m_voidFrom;
    const int m_split;
    const std::string m_path;
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

// RowInserter: rows inserted several to a statement land exactly as given, in order, whatever
// the count's remainder; a malformed row or a failed statement is an error, never a silent loss
// (nor, unless asked for, a partial insert).
#include "rowinserter.h"
#include "sqlitedb.h"

#include <QTemporaryDir>
#include <QTest>

#include <cstring>
#include <stdexcept>

using namespace audioset;

namespace {

struct ReadRow {
    int64_t id;
    std::string name;
    std::string data;
    bool noteIsNull;
};

std::vector<ReadRow> readAll(Database &db) {
    std::vector<ReadRow> rows;
    Statement select = db.prepare("SELECT id, name, data, note IS NULL FROM t ORDER BY rowid");
    while (select.step()) {
        const auto *data = static_cast<const char *>(select.columnBlob(2));
        rows.push_back({select.columnInt(0), select.columnString(1),
                        std::string(data ? data : "", select.columnBytes(2)),
                        select.columnInt(3) != 0});
    }
    return rows;
}

} // namespace

class TestRowInserter : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_db;

private Q_SLOTS:
    void init() {
        m_db = std::make_unique<Database>(m_dir.filePath(QStringLiteral("t.db")).toStdString(),
                                          Database::Mode::ReadWriteCreate);
        m_db->exec("DROP TABLE IF EXISTS t; CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, "
                   "data BLOB, note INTEGER)");
    }

    void rowsLandInOrderWhateverTheRemainder_data() {
        QTest::addColumn<int>("rows");
        QTest::newRow("none") << 0;
        QTest::newRow("fewer than a statement") << 3;
        QTest::newRow("exactly two statements") << 8;
        QTest::newRow("two statements and a remainder") << 11;
    }
    void rowsLandInOrderWhateverTheRemainder() {
        QFETCH(int, rows);
        RowInserter insert(*m_db, "t", 4, 4);
        std::vector<std::string> names;
        for (int i = 0; i < rows; ++i)
            names.push_back("row " + std::to_string(i));
        for (int i = 0; i < rows; ++i) {
            unsigned char scratch[3] = {static_cast<unsigned char>(i), 0, 0xff};
            insert.row().integer(100 + i).text(names[i]).copyBlob(scratch, sizeof scratch);
            if (i % 2)
                insert.null();
            else
                insert.integer(i);
            std::memset(scratch, 0xaa, sizeof scratch); // the copy must not see this
        }
        insert.flush();
        const std::vector<ReadRow> read = readAll(*m_db);
        QCOMPARE(read.size(), static_cast<size_t>(rows));
        for (int i = 0; i < rows; ++i) {
            QCOMPARE(read[i].id, 100 + i);
            QCOMPARE(read[i].name, names[i]);
            QCOMPARE(read[i].data, std::string({static_cast<char>(i), 0, '\xff'}));
            QCOMPARE(read[i].noteIsNull, i % 2 == 1);
        }
        insert.flush(); // nothing left: no row twice
        QCOMPARE(readAll(*m_db).size(), static_cast<size_t>(rows));
    }

    void blobsByViewAreStoredAsGiven() {
        RowInserter insert(*m_db, "t", 4, 2);
        const std::string bytes("\x01\x00\x02", 3);
        for (int i = 0; i < 3; ++i)
            insert.row().integer(i).text("x").blob(bytes.data(), bytes.size()).null();
        insert.flush();
        for (const ReadRow &row : readAll(*m_db))
            QCOMPARE(row.data, bytes);
    }

    void aRowWithTooFewValuesIsRefused() {
        RowInserter insert(*m_db, "t", 4, 4);
        insert.row().integer(1).text("short");
        QVERIFY_THROWS_EXCEPTION(std::logic_error, insert.row());
        QVERIFY_THROWS_EXCEPTION(std::logic_error, insert.flush());
    }

    void aFailedStatementIsAnErrorAndAddsNothing() {
        RowInserter insert(*m_db, "t", 4, 4);
        insert.row().integer(1).text("a").null().null();
        insert.row().integer(2).text("b").null().null();
        insert.row().integer(1).text("same id").null().null(); // PRIMARY KEY violated
        QVERIFY_THROWS_EXCEPTION(SqliteError, insert.flush());
        QCOMPARE(readAll(*m_db).size(), size_t(0));
        insert.flush(); // the failed rows are not tried again
        QCOMPARE(readAll(*m_db).size(), size_t(0));
    }

    // For a caller whose transaction is rolled back whole: the statement's rows before the
    // failing one stay, and it is still an error.
    void keepEarlierRowsLeavesTheRowsBeforeTheFailure() {
        RowInserter insert(*m_db, "t", 4, 4, RowInserter::OnFailure::KeepEarlierRows);
        insert.row().integer(1).text("a").null().null();
        insert.row().integer(2).text("b").null().null();
        insert.row().integer(1).text("same id").null().null();
        QVERIFY_THROWS_EXCEPTION(SqliteError, insert.flush());
        const std::vector<ReadRow> read = readAll(*m_db);
        QCOMPARE(read.size(), size_t(2));
        QCOMPARE(read[1].name, std::string("b"));
    }

    // Rows given without their id take the next rowid, in order.
    void aColumnListLeavesTheOthersToTheTable() {
        RowInserter insert(*m_db, "t(name,note)", 2, 4);
        for (int i = 0; i < 6; ++i)
            insert.row().text(i % 2 ? "odd" : "even").integer(i);
        insert.flush();
        const std::vector<ReadRow> read = readAll(*m_db);
        QCOMPARE(read.size(), size_t(6));
        for (int i = 0; i < 6; ++i) {
            QCOMPARE(read[i].id, int64_t(i + 1));
            QCOMPARE(read[i].name, std::string(i % 2 ? "odd" : "even"));
        }
    }
};

QTEST_GUILESS_MAIN(TestRowInserter)
#include "tst_rowinserter.moc"

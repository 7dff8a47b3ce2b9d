// MemoryRows: rows in memory read by SQL as a table, each run seeing exactly the rows it was
// given, and nothing once the table is gone.
#include "memoryrows.h"
#include "sqlitedb.h"

#include <QTemporaryDir>
#include <QTest>

#include <string>
#include <vector>

using namespace audioset;

namespace {

struct Item {
    int64_t number;
    std::string name;
};

class Items : public RowSource {
public:
    explicit Items(std::vector<Item> items)
        : m_items(std::move(items)) {}
    size_t rowCount() const override { return m_items.size(); }
    void value(size_t row, int column, ColumnValue &out) const override {
        if (column == 0)
            out.integer(m_items[row].number);
        else
            out.text(m_items[row].name);
    }

private:
    std::vector<Item> m_items;
};

std::vector<Item> readAll(Database &db) {
    std::vector<Item> items;
    Statement select = db.prepare("SELECT number, name FROM t ORDER BY rowid");
    while (select.step())
        items.push_back({select.columnInt(0), select.columnString(1)});
    return items;
}

} // namespace

class TestMemoryRows : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_db;

private Q_SLOTS:
    void init() {
        m_db = std::make_unique<Database>(m_dir.filePath(QStringLiteral("t.db")).toStdString(),
                                          Database::Mode::ReadWriteCreate);
        m_db->exec("DROP TABLE IF EXISTS t; CREATE TABLE t(id INTEGER PRIMARY KEY, "
                   "number INTEGER NOT NULL, name TEXT NOT NULL UNIQUE)");
    }

    void eachRunInsertsTheRowsItIsGiven() {
        MemoryRows rows(*m_db, "test_items", "number, name");
        Statement insert = m_db->prepare("INSERT INTO t(number, name) SELECT number, name FROM "
                                         "test_items");
        const std::string withNul("a\0b", 3);
        rows.run(insert, Items({{1, "one"}, {-9'000'000'000, ""}, {3, withNul}}));
        rows.run(insert, Items({}));
        rows.run(insert, Items({{4, "four"}}));
        const std::vector<Item> read = readAll(*m_db);
        QCOMPARE(read.size(), size_t(4));
        QCOMPARE(read[0].number, int64_t(1));
        QCOMPARE(read[0].name, std::string("one"));
        QCOMPARE(read[1].number, int64_t(-9'000'000'000));
        QCOMPARE(read[1].name, std::string());
        QCOMPARE(read[2].name, withNul);
        QCOMPARE(read[3].name, std::string("four"));
    }

    void outsideARunTheTableIsEmpty() {
        MemoryRows rows(*m_db, "test_items", "number, name");
        Statement count = m_db->prepare("SELECT count(*) FROM test_items");
        QVERIFY(count.step());
        QCOMPARE(count.columnInt(0), int64_t(0));
    }

    void aFailedRunIsAnErrorAndTheNextRunStartsAfresh() {
        MemoryRows rows(*m_db, "test_items", "number, name");
        Statement insert = m_db->prepare("INSERT INTO t(number, name) SELECT number, name FROM "
                                         "test_items");
        QVERIFY_THROWS_EXCEPTION(SqliteError, rows.run(insert, Items({{1, "same"}, {2, "same"}})));
        QCOMPARE(readAll(*m_db).size(), size_t(0)); // no OR FAIL: the statement inserted none
        rows.run(insert, Items({{3, "other"}}));
        QCOMPARE(readAll(*m_db).size(), size_t(1));
    }

    void twoTablesLiveSideBySideAndGoWithTheirOwner() {
        {
            MemoryRows first(*m_db, "test_first", "number, name");
            MemoryRows second(*m_db, "test_second", "number, name");
            Statement insertFirst =
                m_db->prepare("INSERT INTO t(number, name) SELECT number, name FROM test_first");
            Statement insertSecond = m_db->prepare(
                "INSERT INTO t(number, name) SELECT number + 100, name FROM test_second");
            first.run(insertFirst, Items({{1, "a"}}));
            second.run(insertSecond, Items({{2, "b"}}));
        }
        const std::vector<Item> read = readAll(*m_db);
        QCOMPARE(read.size(), size_t(2));
        QCOMPARE(read[1].number, int64_t(102));
        QVERIFY_THROWS_EXCEPTION(SqliteError, m_db->prepare("SELECT * FROM test_first"));
    }
};

QTEST_GUILESS_MAIN(TestMemoryRows)
#include "tst_memoryrows.moc"

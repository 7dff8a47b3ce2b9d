#pragma once

#include <cstdint>
#include <string>
#include <string_view>

struct sqlite3_context;

namespace audioset {

class Database;
class Statement;

/// One value of a row a MemoryRows table hands to SQLite.
class ColumnValue {
public:
    explicit ColumnValue(sqlite3_context *context)
        : m_context(context) {}
    void integer(int64_t value);
    /// The text must stay alive until the statement that reads it is done.
    void text(std::string_view value);

private:
    sqlite3_context *m_context;
};

/// The rows a MemoryRows table shows while a statement runs.
class RowSource {
public:
    virtual ~RowSource() = default;
    virtual size_t rowCount() const = 0;
    virtual void value(size_t row, int column, ColumnValue &out) const = 0;
};

/// Rows in memory as a table of the connection (an eponymous virtual table named `name`), so
/// that "INSERT INTO t(...) SELECT ... FROM name" stores a whole batch in one step. Binding
/// each value of each row to a multi-row INSERT cost a fifth more than the insert itself: SQLite
/// then copies every bound value into the statement's registers, and this reads them in place.
///
/// Statements that read the table must be finalized before it is destroyed.
class MemoryRows {
public:
    /// `columns` as in CREATE TABLE, e.g. "ytid, start_ms".
    MemoryRows(Database &db, std::string name, const std::string &columns);
    ~MemoryRows();
    MemoryRows(const MemoryRows &) = delete;
    MemoryRows &operator=(const MemoryRows &) = delete;

    /// Runs `statement` (which reads this table) to completion with `rows` as the table's
    /// content, then resets it. Throws SqliteError.
    void run(Statement &statement, const RowSource &rows);

private:
    struct Module; // SQLite's callbacks

    Database &m_db;
    const std::string m_name;
    const std::string m_declaration;
    const RowSource *m_rows = nullptr;
};

} // namespace audioset

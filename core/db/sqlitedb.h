#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace audioset {

/// A failed SQLite call, with SQLite's own message.
class SqliteError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Statement;

/// An open SQLite connection (RAII). Errors throw SqliteError; callers at the API boundary turn
/// them into messages.
class Database {
public:
    enum class Mode { ReadOnly, ReadWrite, ReadWriteCreate };

    Database(const std::string &path, Mode mode);
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    void exec(const std::string &sql);
    Statement prepare(const std::string &sql);
    /// The single integer of a one-row, one-column query (0 when there is no row).
    int64_t queryInt(const std::string &sql);
    bool tableExists(std::string_view name);

    sqlite3 *handle() const { return m_db; }
    const std::string &path() const { return m_path; }

private:
    sqlite3 *m_db = nullptr;
    std::string m_path;
};

/// A prepared statement (RAII). Bind indices are 1-based, column indices 0-based.
class Statement {
public:
    Statement(sqlite3 *db, const std::string &sql);
    ~Statement();
    Statement(Statement &&other) noexcept;
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;

    Statement &bind(int index, int64_t value);
    Statement &bind(int index, int value) { return bind(index, static_cast<int64_t>(value)); }
    Statement &bind(int index, double value);
    Statement &bind(int index, std::string_view text);
    /// Binds text without copying it: it must stay alive until the statement is stepped.
    Statement &bindStatic(int index, std::string_view text);
    Statement &bindBlob(int index, const void *data, size_t size);
    Statement &bindNull(int index);

    /// Runs one step; true when a row is available.
    bool step();
    /// Runs to completion and resets, for INSERT/UPDATE statements.
    void run();
    void reset();

    int64_t columnInt(int column) const;
    double columnDouble(int column) const;
    std::string_view columnText(int column) const;
    std::string columnString(int column) const { return std::string(columnText(column)); }
    bool columnIsNull(int column) const;
    const void *columnBlob(int column) const;
    size_t columnBytes(int column) const;

private:
    [[noreturn]] void fail(const char *what) const;

    sqlite3 *m_db = nullptr;
    sqlite3_stmt *m_stmt = nullptr;
};

} // namespace audioset

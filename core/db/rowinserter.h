#pragma once

#include "sqlitedb.h"

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace audioset {

/// Inserts rows into one table several to a statement. A statement's fixed cost (opening the
/// table's cursor, seeking from the root page, halting, resetting) is most of the cost of a
/// small row; one multi-row INSERT pays it once for many rows.
///
/// Values are recorded and bound when a statement's rows are complete, or at flush(): text and
/// blobs given by view must stay alive until flush(); copyBlob() keeps its own copy.
///
/// `table` may name the columns given, as in "segments(split,ytid)".
class RowInserter {
public:
    /// What a statement that fails leaves behind.
    enum class OnFailure {
        InsertNone,
        // The statement's rows before the failing one stay. For callers whose transaction is
        // rolled back whole on any error: SQLite then keeps no statement journal, which is a
        // few percent of the cost of a small row.
        KeepEarlierRows,
    };

    RowInserter(Database &db, std::string table, int columns, int rowsPerStatement = 32,
                OnFailure onFailure = OnFailure::InsertNone);
    RowInserter(const RowInserter &) = delete;
    RowInserter &operator=(const RowInserter &) = delete;

    /// Starts the next row; its values follow in column order.
    RowInserter &row();
    RowInserter &integer(int64_t value) {
        m_values.push_back({Value::Kind::Integer, value, nullptr, 0});
        return *this;
    }
    RowInserter &text(std::string_view value) {
        m_values.push_back({Value::Kind::Text, 0, value.data(), value.size()});
        return *this;
    }
    RowInserter &blob(const void *data, size_t size);
    RowInserter &copyBlob(const void *data, size_t size);
    RowInserter &null();

    /// Inserts every row given so far.
    void flush();

private:
    struct Value {
        enum class Kind : uint8_t { Integer, Text, Blob, CopiedBlob, Null } kind;
        int64_t integer; // the value, or the copy's offset in m_copies
        const void *data;
        size_t size;
    };

    void requireCompleteRows() const;
    void insertRows(int rows);
    Statement &statementFor(int rows);

    Database &m_db;
    const std::string m_table;
    const int m_columns;
    const int m_rowsPerStatement;
    const OnFailure m_onFailure;
    std::vector<Value> m_values; // the rows not yet inserted
    std::vector<unsigned char> m_copies;
    std::map<int, Statement> m_statements; // by row count
};

} // namespace audioset

#include "rowinserter.h"

#include <stdexcept>

namespace audioset {

RowInserter::RowInserter(Database &db, std::string table, int columns, int rowsPerStatement,
                         OnFailure onFailure)
    : m_db(db)
    , m_table(std::move(table))
    , m_columns(columns)
    , m_rowsPerStatement(rowsPerStatement)
    , m_onFailure(onFailure) {
    m_values.reserve(static_cast<size_t>(columns * rowsPerStatement));
}

void RowInserter::requireCompleteRows() const {
    if (m_values.size() % static_cast<size_t>(m_columns) != 0)
        throw std::logic_error("RowInserter: a row of " + m_table + " lacks values");
}

RowInserter &RowInserter::row() {
    requireCompleteRows();
    if (m_values.size() == static_cast<size_t>(m_columns * m_rowsPerStatement))
        insertRows(m_rowsPerStatement);
    return *this;
}

RowInserter &RowInserter::blob(const void *data, size_t size) {
    m_values.push_back({Value::Kind::Blob, 0, data, size});
    return *this;
}

RowInserter &RowInserter::copyBlob(const void *data, size_t size) {
    const auto *bytes = static_cast<const unsigned char *>(data);
    m_values.push_back(
        {Value::Kind::CopiedBlob, static_cast<int64_t>(m_copies.size()), nullptr, size});
    m_copies.insert(m_copies.end(), bytes, bytes + size);
    return *this;
}

RowInserter &RowInserter::null() {
    m_values.push_back({Value::Kind::Null, 0, nullptr, 0});
    return *this;
}

void RowInserter::flush() {
    requireCompleteRows();
    if (!m_values.empty()) insertRows(static_cast<int>(m_values.size()) / m_columns);
}

Statement &RowInserter::statementFor(int rows) {
    auto found = m_statements.find(rows);
    if (found != m_statements.end()) return found->second;
    std::string group = "(";
    for (int column = 0; column < m_columns; ++column)
        group += column ? ",?" : "?";
    group += ')';
    std::string sql =
        m_onFailure == OnFailure::KeepEarlierRows ? "INSERT OR FAIL INTO " : "INSERT INTO ";
    sql += m_table + " VALUES";
    for (int row = 0; row < rows; ++row)
        sql += (row ? "," : "") + group;
    return m_statements.emplace(rows, m_db.prepare(sql)).first->second;
}

void RowInserter::insertRows(int rows) {
    Statement &statement = statementFor(rows);
    int index = 1;
    for (const Value &value : m_values) {
        switch (value.kind) {
        case Value::Kind::Integer:
            statement.bind(index, value.integer);
            break;
        case Value::Kind::Text:
            statement.bindStatic(index, {static_cast<const char *>(value.data), value.size});
            break;
        case Value::Kind::Blob:
            statement.bindBlob(index, value.data, value.size);
            break;
        case Value::Kind::CopiedBlob:
            statement.bindBlob(index, m_copies.data() + value.integer, value.size);
            break;
        case Value::Kind::Null:
            statement.bindNull(index);
            break;
        }
        ++index;
    }
    // The rows are gone either way: a failed statement inserted none of them, and flushing
    // again must not retry them.
    struct Clear {
        RowInserter &inserter;
        ~Clear() {
            inserter.m_values.clear();
            inserter.m_copies.clear();
        }
    } clear{*this};
    statement.run();
}

} // namespace audioset

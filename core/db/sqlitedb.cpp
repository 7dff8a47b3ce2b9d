#include "sqlitedb.h"

#include <sqlite3.h>

namespace audioset {

Database::Database(const std::string &path, Mode mode)
    : m_path(path) {
    // Must precede SQLite's initialisation: memory statistics cost a mutex per allocation.
    static const bool configured = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
    (void)configured;
    int flags = SQLITE_OPEN_READONLY;
    if (mode == Mode::ReadWrite)
        flags = SQLITE_OPEN_READWRITE;
    else if (mode == Mode::ReadWriteCreate)
        flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    const int rc = sqlite3_open_v2(path.c_str(), &m_db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        const std::string message = m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc);
        sqlite3_close(m_db);
        m_db = nullptr;
        throw SqliteError("cannot open " + path + ": " + message);
    }
    sqlite3_extended_result_codes(m_db, 1);
    sqlite3_busy_timeout(m_db, 5000);
}

Database::~Database() {
    sqlite3_close_v2(m_db);
}

void Database::exec(const std::string &sql) {
    char *error = nullptr;
    if (sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
        const std::string message = error ? error : "unknown error";
        sqlite3_free(error);
        throw SqliteError(m_path + ": " + message);
    }
}

Statement Database::prepare(const std::string &sql) {
    return Statement(m_db, sql);
}

int64_t Database::queryInt(const std::string &sql) {
    Statement statement(m_db, sql);
    return statement.step() ? statement.columnInt(0) : 0;
}

bool Database::tableExists(std::string_view name) {
    Statement statement(m_db, "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?");
    statement.bind(1, name);
    return statement.step();
}

Statement::Statement(sqlite3 *db, const std::string &sql)
    : m_db(db) {
    if (sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &m_stmt, nullptr) !=
        SQLITE_OK)
        fail(sql.c_str());
}

Statement::~Statement() {
    sqlite3_finalize(m_stmt);
}

Statement::Statement(Statement &&other) noexcept
    : m_db(other.m_db)
    , m_stmt(other.m_stmt) {
    other.m_stmt = nullptr;
}

void Statement::fail(const char *what) const {
    throw SqliteError(std::string(sqlite3_errmsg(m_db)) + " (in: " + what + ")");
}

Statement &Statement::bind(int index, int64_t value) {
    if (sqlite3_bind_int64(m_stmt, index, value) != SQLITE_OK) fail("bind");
    return *this;
}

Statement &Statement::bind(int index, double value) {
    if (sqlite3_bind_double(m_stmt, index, value) != SQLITE_OK) fail("bind");
    return *this;
}

Statement &Statement::bind(int index, std::string_view text) {
    if (sqlite3_bind_text(m_stmt, index, text.data(), static_cast<int>(text.size()),
                          SQLITE_TRANSIENT) != SQLITE_OK)
        fail("bind");
    return *this;
}

Statement &Statement::bindStatic(int index, std::string_view text) {
    if (sqlite3_bind_text(m_stmt, index, text.data(), static_cast<int>(text.size()),
                          SQLITE_STATIC) != SQLITE_OK)
        fail("bind");
    return *this;
}

Statement &Statement::bindBlob(int index, const void *data, size_t size) {
    if (sqlite3_bind_blob64(m_stmt, index, size ? data : "", size, SQLITE_STATIC) != SQLITE_OK)
        fail("bind");
    return *this;
}

Statement &Statement::bindNull(int index) {
    if (sqlite3_bind_null(m_stmt, index) != SQLITE_OK) fail("bind");
    return *this;
}

bool Statement::step() {
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    const std::string message = sqlite3_errmsg(m_db);
    sqlite3_reset(m_stmt);
    throw SqliteError(message);
}

void Statement::run() {
    while (step()) {
    }
    reset();
}

// Bindings stay: every caller binds all parameters before the next step.
void Statement::reset() {
    sqlite3_reset(m_stmt);
}

int64_t Statement::columnInt(int column) const {
    return sqlite3_column_int64(m_stmt, column);
}
double Statement::columnDouble(int column) const {
    return sqlite3_column_double(m_stmt, column);
}

std::string_view Statement::columnText(int column) const {
    const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, column));
    return text ? std::string_view(text, static_cast<size_t>(sqlite3_column_bytes(m_stmt, column)))
                : std::string_view();
}

bool Statement::columnIsNull(int column) const {
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

const void *Statement::columnBlob(int column) const {
    return sqlite3_column_blob(m_stmt, column);
}

size_t Statement::columnBytes(int column) const {
    return static_cast<size_t>(sqlite3_column_bytes(m_stmt, column));
}

} // namespace audioset

#include "memoryrows.h"

#include "sqlitedb.h"

#include <sqlite3.h>

#include <new>

namespace audioset {

void ColumnValue::integer(int64_t value) {
    sqlite3_result_int64(m_context, value);
}

void ColumnValue::text(std::string_view value) {
    sqlite3_result_text(m_context, value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
}

struct MemoryRows::Module {
    struct Table {
        sqlite3_vtab base; // first: SQLite hands the callbacks a pointer to it
        MemoryRows *rows;
    };
    struct Cursor {
        sqlite3_vtab_cursor base;
        const RowSource *rows;
        size_t row;
    };

    static Table *table(sqlite3_vtab *vtab) { return reinterpret_cast<Table *>(vtab); }
    static Cursor *cursor(sqlite3_vtab_cursor *base) { return reinterpret_cast<Cursor *>(base); }

    static int connect(sqlite3 *db, void *aux, int, const char *const *, sqlite3_vtab **out,
                       char **) {
        auto *owner = static_cast<MemoryRows *>(aux);
        const int rc = sqlite3_declare_vtab(db, owner->m_declaration.c_str());
        if (rc != SQLITE_OK) return rc;
        auto *created = new (std::nothrow) Table{};
        if (!created) return SQLITE_NOMEM;
        created->rows = owner;
        *out = &created->base;
        return SQLITE_OK;
    }
    static int disconnect(sqlite3_vtab *vtab) {
        delete table(vtab);
        return SQLITE_OK;
    }
    static int bestIndex(sqlite3_vtab *, sqlite3_index_info *info) {
        info->estimatedCost = 1.0;
        return SQLITE_OK;
    }
    static int open(sqlite3_vtab *, sqlite3_vtab_cursor **out) {
        auto *created = new (std::nothrow) Cursor{};
        if (!created) return SQLITE_NOMEM;
        *out = &created->base;
        return SQLITE_OK;
    }
    static int close(sqlite3_vtab_cursor *base) {
        delete cursor(base);
        return SQLITE_OK;
    }
    static int filter(sqlite3_vtab_cursor *base, int, const char *, int, sqlite3_value **) {
        Cursor *at = cursor(base);
        at->rows = table(base->pVtab)->rows->m_rows;
        at->row = 0;
        return SQLITE_OK;
    }
    static int next(sqlite3_vtab_cursor *base) {
        ++cursor(base)->row;
        return SQLITE_OK;
    }
    static int eof(sqlite3_vtab_cursor *base) {
        const Cursor *at = cursor(base);
        return !at->rows || at->row >= at->rows->rowCount();
    }
    static int column(sqlite3_vtab_cursor *base, sqlite3_context *context, int index) {
        const Cursor *at = cursor(base);
        ColumnValue out(context);
        at->rows->value(at->row, index, out);
        return SQLITE_OK;
    }
    static int rowid(sqlite3_vtab_cursor *base, sqlite3_int64 *out) {
        *out = static_cast<sqlite3_int64>(cursor(base)->row);
        return SQLITE_OK;
    }

    // No xCreate: the table is eponymous only, there without CREATE VIRTUAL TABLE.
    static sqlite3_module make() {
        sqlite3_module module{};
        module.xConnect = connect;
        module.xBestIndex = bestIndex;
        module.xDisconnect = disconnect;
        module.xOpen = open;
        module.xClose = close;
        module.xFilter = filter;
        module.xNext = next;
        module.xEof = eof;
        module.xColumn = column;
        module.xRowid = rowid;
        return module;
    }
};

MemoryRows::MemoryRows(Database &db, std::string name, const std::string &columns)
    : m_db(db)
    , m_name(std::move(name))
    , m_declaration("CREATE TABLE x(" + columns + ")") {
    static const sqlite3_module module = Module::make();
    if (sqlite3_create_module(db.handle(), m_name.c_str(), &module, this) != SQLITE_OK)
        throw SqliteError(db.path() + ": cannot register the table " + m_name + ": " +
                          sqlite3_errmsg(db.handle()));
}

MemoryRows::~MemoryRows() {
    sqlite3_create_module(m_db.handle(), m_name.c_str(), nullptr, nullptr); // drops it
}

void MemoryRows::run(Statement &statement, const RowSource &rows) {
    struct Clear {
        const RowSource *&rows;
        ~Clear() { rows = nullptr; }
    } clear{m_rows};
    m_rows = &rows;
    statement.run();
}

} // namespace audioset

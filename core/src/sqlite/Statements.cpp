#include "jollyjet/sqlite/Statements.h"

#include <sqlite3.h>

namespace jollyjet::sqlite {

SqliteError::~SqliteError() = default;

StatementCache::~StatementCache() {
    for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
}

sqlite3_stmt* StatementCache::get(const std::string& sql) {
    if (auto it = statements_.find(sql); it != statements_.end()) return it->second;
    sqlite3_stmt* stmt = nullptr;
    // PERSISTENT: the statement lives for the connection, so SQLite places it
    // outside its short-lived lookaside memory.
    if (sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt,
                           nullptr) != SQLITE_OK) {
        sqlite3_finalize(stmt);
        throw SqliteError(std::string("SQLite prepare: ") + sqlite3_errmsg(db_));
    }
    statements_.emplace(sql, stmt);
    return stmt;
}

Statement::Statement(StatementCache& cache, const std::string& sql)
    : db_(cache.handle()), stmt_(cache.get(sql)) {}

Statement::~Statement() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

void Statement::bind(const std::vector<Value>& values) {
    int i = 1;
    for (const auto& v : values) {
        int rc = SQLITE_OK;
        if (const auto* n = std::get_if<std::int64_t>(&v)) rc = sqlite3_bind_int64(stmt_, i, *n);
        else if (const auto* d = std::get_if<double>(&v)) rc = sqlite3_bind_double(stmt_, i, *d);
        else {
            const auto& s = std::get<std::string>(v);
            rc = sqlite3_bind_text(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
        }
        if (rc != SQLITE_OK) fail("bind");
        ++i;
    }
}

bool Statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail("step");
}

void Statement::run() {
    while (step()) {
    }
}

std::int64_t Statement::integer(int col) const { return sqlite3_column_int64(stmt_, col); }
double Statement::real(int col) const { return sqlite3_column_double(stmt_, col); }
bool Statement::isNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

std::string Statement::text(int col) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col))) : std::string();
}

void Statement::fail(const char* what) const {
    const std::string message = std::string("SQLite ") + what + ": " + sqlite3_errmsg(db_);
    // A failed step leaves the statement to be reset; the destructor does that.
    throw SqliteError(message);
}

} // namespace jollyjet::sqlite

#pragma once

#include "jollyjet/Export.h"

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace jollyjet::sqlite {

/// An SQLite call failed; the message names the call and SQLite's own text.
class JOLLYJET_API SqliteError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
    ~SqliteError() override;
};

/// The prepared statements of one connection, by SQL text. A statement is compiled
/// the first time its text is used on the connection and reused after that, so a
/// request pays for binding and stepping only. Finalizes them all before the
/// connection closes (the owner destroys the cache first).
class JOLLYJET_API StatementCache {
public:
    explicit StatementCache(sqlite3* db) : db_(db) {}
    ~StatementCache();
    StatementCache(const StatementCache&) = delete;
    StatementCache& operator=(const StatementCache&) = delete;

    sqlite3* handle() const { return db_; }
    /// The compiled statement for `sql`, reset and without bindings.
    sqlite3_stmt* get(const std::string& sql);
    std::size_t size() const { return statements_.size(); }

private:
    sqlite3* db_;
    std::map<std::string, sqlite3_stmt*, std::less<>> statements_;
};

/// One use of a cached statement: binds, steps, reads columns, and resets the
/// statement when it goes out of scope (so it holds no read snapshot or lock after
/// its use). Failures throw SqliteError.
class JOLLYJET_API Statement {
public:
    using Value = std::variant<std::int64_t, double, std::string>;

    Statement(StatementCache& cache, const std::string& sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    void bind(const std::vector<Value>& values);
    /// true while there is a row.
    bool step();
    /// Steps to the end, for statements that return no rows.
    void run();
    std::int64_t integer(int col) const;
    double real(int col) const;
    std::string text(int col) const;
    bool isNull(int col) const;

private:
    [[noreturn]] void fail(const char* what) const;

    sqlite3* db_;
    sqlite3_stmt* stmt_;
};

} // namespace jollyjet::sqlite

#pragma once

#include "jollyjet/Export.h"

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <Poco/Data/Session.h>

#include "Statements.h"

namespace jollyjet::sqlite {

/// How a commit reaches the disk (`PRAGMA journal_mode`, `PRAGMA synchronous`).
/// The default, WAL + NORMAL, lets readers run beside the writer and syncs at
/// checkpoints: a committed write survives a crash of the process but the last
/// commits may be lost if the machine loses power. FULL syncs the WAL at every
/// commit, so a committed write survives power loss too.
struct JOLLYJET_API Durability {
    std::string journalMode = "WAL";
    std::string synchronous = "NORMAL";
};

/// The embedded SQLite database of the development store: one file, a small pool
/// of sessions, the journal and sync of `Durability` and a busy timeout (a writer
/// waits for another instead of failing with SQLITE_BUSY). Each session keeps its
/// own cache of prepared statements.
///
/// Sessions are opened on first use, so opening a Database never fails because of
/// the file; the first query reports a missing folder or an unreadable file.
class JOLLYJET_API Database {
    struct Connection;

public:
    Database(std::string path, std::size_t poolSize,
             std::chrono::milliseconds busyTimeout = std::chrono::milliseconds(5000),
             Durability durability = {});
    ~Database();

    /// A session borrowed for the lifetime of the lease; returned to the pool when
    /// the lease is destroyed.
    class Lease {
    public:
        Lease(Database& db, std::unique_ptr<Connection> connection);
        ~Lease();
        Lease(Lease&&) noexcept;
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        Poco::Data::Session& operator*();
        Poco::Data::Session* operator->();
        /// The session's prepared statements (and its raw handle).
        StatementCache& statements();

    private:
        Database* db_;
        std::unique_ptr<Connection> connection_;
    };

    /// Waits up to the busy timeout for a free session; throws Poco::Exception when
    /// none frees up or the file cannot be opened.
    Lease borrow();
    const std::string& path() const { return path_; }
    /// SELECT 1 on a pooled session.
    void ping();

private:
    std::unique_ptr<Connection> open();
    void giveBack(std::unique_ptr<Connection> connection);

    std::string path_;
    std::size_t poolSize_;
    std::chrono::milliseconds busyTimeout_;
    Durability durability_;
    std::mutex mutex_;
    std::condition_variable available_;
    std::vector<std::unique_ptr<Connection>> idle_;
    std::size_t open_ = 0;
};

} // namespace jollyjet::sqlite

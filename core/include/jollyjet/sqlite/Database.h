#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <Poco/Data/Session.h>

namespace jollyjet::sqlite {

/// The embedded SQLite database of the development store: one file, a small pool
/// of sessions, WAL journal (readers do not block the writer) and a busy timeout (a
/// writer waits for another instead of failing with SQLITE_BUSY).
///
/// Sessions are opened on first use, so opening a Database never fails because of
/// the file; the first query reports a missing folder or an unreadable file.
class Database {
public:
    Database(std::string path, std::size_t poolSize,
             std::chrono::milliseconds busyTimeout = std::chrono::milliseconds(5000));
    ~Database();

    /// A session borrowed for the lifetime of the lease; returned to the pool when
    /// the lease is destroyed.
    class Lease {
    public:
        Lease(Database& db, std::unique_ptr<Poco::Data::Session> session);
        ~Lease();
        Lease(Lease&&) noexcept;
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        Poco::Data::Session& operator*() { return *session_; }
        Poco::Data::Session* operator->() { return session_.get(); }

    private:
        Database* db_;
        std::unique_ptr<Poco::Data::Session> session_;
    };

    /// Waits up to the busy timeout for a free session; throws Poco::Exception when
    /// none frees up or the file cannot be opened.
    Lease borrow();
    const std::string& path() const { return path_; }
    /// SELECT 1 on a pooled session.
    void ping();

private:
    std::unique_ptr<Poco::Data::Session> open();
    void giveBack(std::unique_ptr<Poco::Data::Session> session);

    std::string path_;
    std::size_t poolSize_;
    std::chrono::milliseconds busyTimeout_;
    std::mutex mutex_;
    std::condition_variable available_;
    std::vector<std::unique_ptr<Poco::Data::Session>> idle_;
    std::size_t open_ = 0;
};

} // namespace jollyjet::sqlite

#include "jollyjet/sqlite/Database.h"

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/SQLite/Utility.h>
#include <Poco/Data/Statement.h>
#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/Path.h>

namespace jollyjet::sqlite {

using namespace Poco::Data::Keywords;

// The statements are declared after the session, so they are finalized before the
// session closes its handle.
struct Database::Connection {
    explicit Connection(std::unique_ptr<Poco::Data::Session> s)
        : session(std::move(s)), statements(Poco::Data::SQLite::Utility::dbHandle(*session)) {}
    std::unique_ptr<Poco::Data::Session> session;
    StatementCache statements;
};

Database::Database(std::string path, std::size_t poolSize, std::chrono::milliseconds busyTimeout,
                   Durability durability)
    : path_(std::move(path)), poolSize_(std::max<std::size_t>(1, poolSize)), busyTimeout_(busyTimeout),
      durability_(std::move(durability)) {
    Poco::Data::SQLite::Connector::registerConnector();
}

Database::~Database() = default;

std::unique_ptr<Database::Connection> Database::open() {
    const Poco::Path parent = Poco::Path(path_).parent();
    Poco::File(parent).createDirectories();
    auto session = std::make_unique<Poco::Data::Session>("SQLite", path_);
    *session << "PRAGMA busy_timeout = " + std::to_string(busyTimeout_.count()), now;
    *session << "PRAGMA journal_mode = " + durability_.journalMode, now;
    *session << "PRAGMA synchronous = " + durability_.synchronous, now;
    // Up to 32 MiB of pages per session (taken as used): the index pages a large
    // catalog's writes touch stay in memory instead of being re-read each batch.
    *session << "PRAGMA cache_size = -32768", now;
    // Reads map the file instead of copying pages through read(2).
    *session << "PRAGMA mmap_size = 268435456", now;
    return std::make_unique<Connection>(std::move(session));
}

Database::Lease Database::borrow() {
    std::unique_lock lock(mutex_);
    if (!available_.wait_for(lock, busyTimeout_, [this] { return !idle_.empty() || open_ < poolSize_; }))
        throw Poco::TimeoutException("no free SQLite session within " +
                                     std::to_string(busyTimeout_.count()) + " ms");
    if (!idle_.empty()) {
        auto session = std::move(idle_.back());
        idle_.pop_back();
        return Lease(*this, std::move(session));
    }
    ++open_;
    lock.unlock();
    try {
        return Lease(*this, open());
    } catch (...) {
        std::lock_guard relock(mutex_);
        --open_;
        available_.notify_one();
        throw;
    }
}

void Database::giveBack(std::unique_ptr<Connection> connection) {
    std::lock_guard lock(mutex_);
    if (connection && connection->session->isConnected()) {
        idle_.push_back(std::move(connection));
    } else {
        --open_;
    }
    available_.notify_one();
}

void Database::ping() {
    auto lease = borrow();
    int one = 0;
    *lease << "SELECT 1", into(one), now;
    if (one != 1) throw Poco::IOException("SQLite ping returned " + std::to_string(one));
}

Database::Lease::Lease(Database& db, std::unique_ptr<Connection> connection)
    : db_(&db), connection_(std::move(connection)) {}

Database::Lease::Lease(Lease&& other) noexcept : db_(other.db_), connection_(std::move(other.connection_)) {
    other.db_ = nullptr;
}

Database::Lease::~Lease() {
    if (db_ && connection_) db_->giveBack(std::move(connection_));
}

Poco::Data::Session& Database::Lease::operator*() { return *connection_->session; }
Poco::Data::Session* Database::Lease::operator->() { return connection_->session.get(); }
StatementCache& Database::Lease::statements() { return connection_->statements; }

} // namespace jollyjet::sqlite

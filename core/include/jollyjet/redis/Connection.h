#pragma once

#include "jollyjet/Export.h"

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "jollyjet/redis/RedisOptions.h"
#include "jollyjet/redis/Reply.h"

namespace jollyjet::redis {

/// One TCP connection to Redis speaking RESP2, with its own reader and writer
/// (POCO 1.11's Client reads `*0` as a null array and cannot tell a timed-out
/// connection from a healthy one).
///
/// The constructor connects within the connect timeout, then sends AUTH (when a
/// password is set) and SELECT (when db is not 0); every read and write is bounded
/// by the command timeout. Any I/O error, timeout or protocol violation throws
/// RedisError and marks the connection broken: a late reply could otherwise be
/// taken for the answer to the next command, so a broken connection is never used
/// again. An error reply throws ReplyError and leaves the connection usable.
/// Not thread-safe: one user at a time (the pool guarantees it).
class JOLLYJET_API Connection {
public:
    using Clock = std::chrono::steady_clock;

    explicit Connection(const RedisOptions& options);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    /// Sends one command and returns its reply; throws ReplyError for an error reply.
    Reply command(const Command& command);
    /// Sends all commands in one write, then reads one reply per command. Error
    /// replies are returned in place (the other commands still ran).
    std::vector<Reply> pipeline(const std::vector<Command>& commands);

    /// For pub/sub: write without reading, then read pushed messages.
    void send(const Command& command);
    /// Waits up to `timeout` for the next byte; false when nothing arrived. Lets a
    /// subscriber check for shutdown without a half-read reply.
    bool waitReadable(std::chrono::milliseconds timeout);
    Reply read();

    bool broken() const { return broken_; }
    Clock::time_point lastUsed() const { return lastUsed_; }
    const std::string& endpoint() const { return endpoint_; }
    /// The master epoch this connection was verified in (sentinel mode; else empty).
    const std::string& epoch() const { return epoch_; }
    void setEpoch(std::string epoch) { epoch_ = std::move(epoch); }

private:
    class Impl;
    [[noreturn]] void fail(const std::string& what);
    void writeAll(const std::string& bytes);

    std::unique_ptr<Impl> impl_;
    std::string endpoint_;
    std::string epoch_;
    bool broken_ = false;
    Clock::time_point lastUsed_;
};

} // namespace jollyjet::redis

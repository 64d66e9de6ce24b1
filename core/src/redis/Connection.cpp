#include "jollyjet/redis/Connection.h"

#include <Poco/Exception.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/StreamSocket.h>

#include "Resp.h"
#include "jollyjet/redis/RedisError.h"
#include "jollyjet/redis/RedisSocket.h"

namespace jollyjet::redis {

namespace {
Poco::Timespan span(std::chrono::milliseconds ms) {
    return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(ms.count()) * 1000);
}
} // namespace

class Connection::Impl {
public:
    Poco::Net::StreamSocket socket;
    bool plaintext = true;
    bool answered = false; ///< a reply arrived on this connection
    /// A TLS-only port resets a plaintext client before any reply: say what it may be.
    std::string hint() const {
        if (!plaintext || answered) return "";
        return " (if the server speaks TLS only, use rediss:// or redis.tls = true)";
    }
    resp::Reader reader{[this](char* buffer, std::size_t capacity) {
        const int n = socket.receiveBytes(buffer, static_cast<int>(capacity));
        if (n <= 0) throw RedisError("connection closed by the server");
        return static_cast<std::size_t>(n);
    }};
};

Connection::Connection(const RedisOptions& options)
    : impl_(std::make_unique<Impl>()), endpoint_(options.endpoint()), lastUsed_(Clock::now()) {
    try {
        impl_->socket = openRedisSocket(options, options.host, options.port);
        impl_->plaintext = !options.tls.enabled;
        impl_->socket.setNoDelay(true);
        impl_->socket.setReceiveTimeout(span(options.commandTimeout));
        impl_->socket.setSendTimeout(span(options.commandTimeout));
    } catch (const RedisError&) {
        broken_ = true;
        throw;
    } catch (const Poco::Exception& e) {
        broken_ = true;
        throw RedisError("redis " + endpoint_ + ": connect failed: " + e.displayText());
    }
    // POCO's PoolableConnectionFactory skips both: a pooled connection would run
    // against the wrong database, or be refused with NOAUTH on its first command.
    try {
        if (!options.password.empty()) command({"AUTH", options.password});
        if (options.db != 0) command({"SELECT", std::to_string(options.db)});
        // A TLS 1.3 server sends its session tickets after the handshake; one round
        // trip reads them, so an idle subscriber is not woken by them later.
        if (options.tls.enabled && options.password.empty() && options.db == 0) command({"PING"});
    } catch (const ReplyError& e) {
        broken_ = true;
        throw RedisError("redis " + endpoint_ + ": handshake refused: " + e.what());
    }
}

Connection::~Connection() {
    try {
        impl_->socket.close();
    } catch (...) {
        // Closing a dead socket may throw; there is nothing left to release.
    }
}

void Connection::fail(const std::string& what) {
    broken_ = true;
    throw RedisError("redis " + endpoint_ + ": " + what);
}

void Connection::writeAll(const std::string& bytes) {
    if (broken_) fail("connection is broken");
    try {
        std::size_t sent = 0;
        while (sent < bytes.size()) {
            const int n = impl_->socket.sendBytes(bytes.data() + sent, static_cast<int>(bytes.size() - sent));
            if (n <= 0) fail("connection closed while sending");
            sent += static_cast<std::size_t>(n);
        }
    } catch (const Poco::TimeoutException&) {
        fail("send timed out");
    } catch (const Poco::Exception& e) {
        fail("send failed: " + e.displayText());
    }
}

Reply Connection::read() {
    if (broken_) fail("connection is broken");
    try {
        Reply reply = impl_->reader.read();
        lastUsed_ = Clock::now();
        impl_->answered = true;
        return reply;
    } catch (const Poco::TimeoutException&) {
        fail("no reply within the command timeout");
    } catch (const Poco::Exception& e) {
        fail("receive failed: " + e.displayText() + impl_->hint());
    } catch (const RedisError& e) {
        fail(e.what() + impl_->hint());
    }
}

void Connection::send(const Command& command) {
    std::string bytes;
    resp::appendCommand(bytes, command);
    writeAll(bytes);
}

Reply Connection::command(const Command& command) {
    send(command);
    Reply reply = read();
    reply.orThrow();
    return reply;
}

std::vector<Reply> Connection::pipeline(const std::vector<Command>& commands) {
    std::string bytes;
    for (const auto& c : commands) resp::appendCommand(bytes, c);
    writeAll(bytes);
    std::vector<Reply> replies;
    replies.reserve(commands.size());
    for (std::size_t i = 0; i < commands.size(); ++i) replies.push_back(read());
    return replies;
}

bool Connection::waitReadable(std::chrono::milliseconds timeout) {
    if (broken_) fail("connection is broken");
    if (impl_->reader.hasBuffered()) return true;
    try {
        // Over TLS, bytes already decrypted are invisible to poll().
        if (impl_->socket.available() > 0) return true;
        return impl_->socket.poll(span(timeout), Poco::Net::Socket::SELECT_READ | Poco::Net::Socket::SELECT_ERROR);
    } catch (const Poco::Exception& e) {
        fail("poll failed: " + e.displayText());
    }
}

} // namespace jollyjet::redis

#include "Resp.h"

#include <algorithm>
#include <charconv>
#include <cstring>

#include "jollyjet/redis/RedisError.h"

namespace jollyjet::redis::resp {

namespace {
constexpr int kMaxDepth = 16;
constexpr std::int64_t kMaxBulk = 512LL * 1024 * 1024; // Redis' own proto-max-bulk-len
constexpr std::int64_t kMaxElements = 1LL << 24;
} // namespace

void appendCommand(std::string& out, const Command& command) {
    out += '*';
    out += std::to_string(command.size());
    out += "\r\n";
    for (const auto& word : command) {
        out += '$';
        out += std::to_string(word.size());
        out += "\r\n";
        out += word;
        out += "\r\n";
    }
}

Reader::Reader(Fill fill) : fill_(std::move(fill)), buffer_(16 * 1024) {}

Reply Reader::read() { return readAt(0); }

void Reader::ensure(std::size_t count) {
    if (end_ - begin_ >= count) return;
    if (begin_ > 0) {
        std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
        end_ -= begin_;
        begin_ = 0;
    }
    if (buffer_.size() < count) buffer_.resize(std::max(count, buffer_.size() * 2));
    while (end_ < count) {
        // Read what is there, up to the buffer's end; a reply may be split anywhere.
        end_ += fill_(buffer_.data() + end_, buffer_.size() - end_);
    }
}

std::string Reader::readLine() {
    std::size_t scanned = 0;
    for (;;) {
        const char* start = buffer_.data() + begin_;
        const std::size_t available = end_ - begin_;
        for (std::size_t i = scanned; i + 1 < available; ++i) {
            if (start[i] == '\r' && start[i + 1] == '\n') {
                std::string line(start, i);
                begin_ += i + 2;
                return line;
            }
        }
        scanned = available ? available - 1 : 0;
        if (available > 64 * 1024) throw RedisError("redis protocol error: line too long");
        ensure(available + 1);
    }
}

std::int64_t Reader::readNumberLine() {
    const std::string line = readLine();
    std::int64_t value = 0;
    const auto [ptr, ec] = std::from_chars(line.data(), line.data() + line.size(), value);
    if (ec != std::errc() || ptr != line.data() + line.size() || line.empty())
        throw RedisError("redis protocol error: bad number '" + line + "'");
    return value;
}

Reply Reader::readAt(int depth) {
    if (depth > kMaxDepth) throw RedisError("redis protocol error: reply nested too deep");
    ensure(1);
    const char marker = buffer_[begin_++];
    switch (marker) {
    case '+': return Reply::status(readLine());
    case '-': return Reply::error(readLine());
    case ':': return Reply::fromInteger(readNumberLine());
    case '$': {
        const std::int64_t length = readNumberLine();
        if (length == -1) return Reply::nullBulk();
        if (length < 0 || length > kMaxBulk)
            throw RedisError("redis protocol error: bad bulk length " + std::to_string(length));
        const auto size = static_cast<std::size_t>(length);
        ensure(size + 2);
        std::string text(buffer_.data() + begin_, size);
        if (buffer_[begin_ + size] != '\r' || buffer_[begin_ + size + 1] != '\n')
            throw RedisError("redis protocol error: bulk string not terminated");
        begin_ += size + 2;
        return Reply::bulk(std::move(text));
    }
    case '*': {
        const std::int64_t count = readNumberLine();
        // `*-1` is a null array; `*0` is an empty one and must stay so.
        if (count == -1) return Reply::nullArray();
        if (count < 0 || count > kMaxElements)
            throw RedisError("redis protocol error: bad array length " + std::to_string(count));
        std::vector<Reply> elements;
        elements.reserve(static_cast<std::size_t>(count));
        for (std::int64_t i = 0; i < count; ++i) elements.push_back(readAt(depth + 1));
        return Reply::array(std::move(elements));
    }
    default: {
        // 0x15 and 0x16 open a TLS alert or handshake record: a TLS port.
        const bool tlsRecord = marker == 0x15 || marker == 0x16;
        throw RedisError(std::string("redis protocol error: unexpected reply type byte 0x") +
                         "0123456789abcdef"[(static_cast<unsigned char>(marker) >> 4) & 0xF] +
                         "0123456789abcdef"[static_cast<unsigned char>(marker) & 0xF] +
                         (tlsRecord ? " (the server speaks TLS: use rediss:// or redis.tls = true)" : ""));
    }
    }
}

} // namespace jollyjet::redis::resp

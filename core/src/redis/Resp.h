#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "jollyjet/redis/Reply.h"

namespace jollyjet::redis::resp {

/// Appends `command` as a RESP array of bulk strings. Every word is length-prefixed,
/// so "-5", empty strings and binary values go out exactly as given (POCO 1.11's
/// Command::incr/decr drop a negative amount and send a malformed command).
void appendCommand(std::string& out, const Command& command);

/// RESP2 reply parser over a byte source.
///
/// `fill(buffer, capacity)` returns how many bytes it read (at least one) or throws;
/// the reader never reads past what one reply needs from its buffer, so replies
/// pipelined back to back are returned one at a time. A malformed reply throws
/// RedisError.
class Reader {
public:
    using Fill = std::function<std::size_t(char*, std::size_t)>;

    explicit Reader(Fill fill);
    Reply read();
    /// Bytes received but not yet parsed.
    bool hasBuffered() const { return begin_ < end_; }

private:
    Reply readAt(int depth);
    std::string readLine();
    std::int64_t readNumberLine();
    void ensure(std::size_t count);

    Fill fill_;
    std::vector<char> buffer_;
    std::size_t begin_ = 0, end_ = 0;
};

} // namespace jollyjet::redis::resp

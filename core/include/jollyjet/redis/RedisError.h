#pragma once

#include <stdexcept>
#include <string>

namespace jollyjet::redis {

/// Redis could not be used: connect refused or timed out, a reply timed out, the
/// connection broke, or the protocol was violated. The connection involved is
/// discarded; the endpoint's circuit breaker counts it as a failure.
class RedisError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
    ~RedisError() override;
};

/// The server answered with an error reply ("-ERR ...", "-WRONGTYPE ...").
/// The connection is healthy and stays in the pool; the breaker does not count it.
class ReplyError : public RedisError {
public:
    using RedisError::RedisError;
    ~ReplyError() override;
};

/// Every pooled connection stayed in use for the whole borrow timeout.
class PoolExhausted : public RedisError {
public:
    using RedisError::RedisError;
    ~PoolExhausted() override;
};

/// The endpoint's circuit breaker is open: the call failed fast, nothing was sent.
class BreakerOpen : public RedisError {
public:
    using RedisError::RedisError;
    ~BreakerOpen() override;
};

} // namespace jollyjet::redis

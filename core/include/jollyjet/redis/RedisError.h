#pragma once

#include "jollyjet/Export.h"

#include <stdexcept>
#include <string>

namespace jollyjet::redis {

/// Redis could not be used: connect refused or timed out, a reply timed out, the
/// connection broke, or the protocol was violated. The connection involved is
/// discarded; the endpoint's circuit breaker counts it as a failure.
class JOLLYJET_API RedisError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
    ~RedisError() override;
};

/// The server answered with an error reply ("-ERR ...", "-WRONGTYPE ...").
/// The connection is healthy and stays in the pool; the breaker does not count it.
class JOLLYJET_API ReplyError : public RedisError {
public:
    using RedisError::RedisError;
    ~ReplyError() override;
};

/// Every pooled connection stayed in use for the whole borrow timeout.
class JOLLYJET_API PoolExhausted : public RedisError {
public:
    using RedisError::RedisError;
    ~PoolExhausted() override;
};

/// The endpoint's circuit breaker is open: the call failed fast, nothing was sent.
class JOLLYJET_API BreakerOpen : public RedisError {
public:
    using RedisError::RedisError;
    ~BreakerOpen() override;
};

} // namespace jollyjet::redis

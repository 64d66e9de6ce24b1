#include "jollyjet/redis/RedisError.h"

namespace jollyjet::redis {

RedisError::~RedisError() = default;
ReplyError::~ReplyError() = default;
PoolExhausted::~PoolExhausted() = default;
BreakerOpen::~BreakerOpen() = default;

} // namespace jollyjet::redis

#pragma once

#include "jollyjet/Services.h"

namespace jollyjet {

/// How core's backends hand what they opened to Services (and take it back before
/// they close it). Not part of the SDK: plugins only read Services.
class ServiceWiring {
public:
    static void setCache(Services& services, cache::CacheService* cache) { services.cache_ = cache; }
    static void setRedis(Services& services, redis::RedisPool* redis) { services.redis_ = redis; }
    static void setMongo(Services& services, mongo::ConnectionPool* mongo) { services.mongo_ = mongo; }
    static void setSqlite(Services& services, sqlite::Database* sqlite) { services.sqlite_ = sqlite; }
};

} // namespace jollyjet

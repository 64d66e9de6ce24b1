#include "../../unit/cache/CacheConformance.h"

#include "RedisServer.h"
#include "jollyjet/cache/RedisCacheService.h"
#include "jollyjet/redis/RedisPool.h"

namespace jollyjet::test {
namespace {

/// One redis-server for the whole suite; every test gets its own key prefix.
RedisServer& sharedServer() {
    static RedisServer server;
    return server;
}

class RedisHarness : public CacheHarness {
public:
    explicit RedisHarness(const cache::CacheOptions& options)
        : pool_(poolOptions()), cache_(pool_, options, metrics_) {}
    cache::CacheServiceBase& cache() override { return cache_; }

private:
    static redis::RedisOptions poolOptions() {
        redis::RedisOptions options;
        options.port = sharedServer().port();
        options.poolSize = 8;
        options.commandTimeout = std::chrono::milliseconds(2000);
        return options;
    }
    metrics::Registry metrics_;
    redis::RedisPool pool_;
    cache::RedisCacheService cache_;
};

INSTANTIATE_TEST_SUITE_P(Redis, CacheConformance,
                         ::testing::Values(CacheBackendParam{
                             "redis",
                             [](const cache::CacheOptions& options) -> std::unique_ptr<CacheHarness> {
                                 return std::make_unique<RedisHarness>(options);
                             }}),
                         [](const auto& info) { return info.param.name; });

} // namespace
} // namespace jollyjet::test

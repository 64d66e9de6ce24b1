#include "../../unit/cache/CacheConformance.h"

#include "RedisTransport.h"
#include "jollyjet/cache/RedisCacheService.h"
#include "jollyjet/redis/RedisPool.h"

namespace jollyjet::test {
namespace {

/// One redis-server per transport for the whole suite; every test gets its own key
/// prefix.
RedisServer& sharedServer(RedisTransport transport) {
    if (transport == RedisTransport::Tls) {
        static auto tls = startRedis(RedisTransport::Tls);
        return *tls;
    }
    static auto plain = startRedis(RedisTransport::Plain);
    return *plain;
}

class RedisHarness : public CacheHarness {
public:
    RedisHarness(const cache::CacheOptions& options, RedisTransport transport)
        : pool_(poolOptions(transport)), cache_(pool_, options, metrics_) {}
    cache::CacheServiceBase& cache() override { return cache_; }

private:
    static redis::RedisOptions poolOptions(RedisTransport transport) {
        redis::RedisOptions options = clientOptionsFor(sharedServer(transport));
        options.poolSize = 8;
        options.commandTimeout = std::chrono::milliseconds(2000);
        return options;
    }
    metrics::Registry metrics_;
    redis::RedisPool pool_;
    cache::RedisCacheService cache_;
};

INSTANTIATE_TEST_SUITE_P(Redis, CacheConformance,
                         ::testing::Values(CacheBackendParam{"redis",
                                                             [](const cache::CacheOptions& options)
                                                                 -> std::unique_ptr<CacheHarness> {
                                                                 return std::make_unique<RedisHarness>(
                                                                     options, RedisTransport::Plain);
                                                             }},
                                           CacheBackendParam{"redis_tls",
                                                             [](const cache::CacheOptions& options)
                                                                 -> std::unique_ptr<CacheHarness> {
                                                                 return std::make_unique<RedisHarness>(
                                                                     options, RedisTransport::Tls);
                                                             }}),
                         [](const auto& info) { return info.param.name; });

} // namespace
} // namespace jollyjet::test

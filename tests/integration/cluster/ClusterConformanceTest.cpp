// The cache conformance suite on a three-master Redis Cluster.
#include "../../unit/cache/CacheConformance.h"

#include "ClusterSupport.h"
#include "jollyjet/cache/RedisCacheService.h"
#include "jollyjet/redis/KeySlot.h"
#include "jollyjet/redis/RedisPool.h"

namespace jollyjet::test {
namespace {

class ClusterHarness : public CacheHarness {
public:
    explicit ClusterHarness(cache::CacheOptions options)
        : pool_(clusterOptions(sharedCluster())),
          cache_(pool_, tagged(std::move(options)), metrics_) {}
    cache::CacheServiceBase& cache() override { return cache_; }

private:
    // What CacheOptions::fromConfig does with `mode = cluster`.
    static cache::CacheOptions tagged(cache::CacheOptions options) {
        options.keyPrefix = redis::hashTaggedPrefix(options.keyPrefix);
        return options;
    }
    metrics::Registry metrics_;
    redis::RedisPool pool_;
    cache::RedisCacheService cache_;
};

INSTANTIATE_TEST_SUITE_P(
    RedisCluster, CacheConformance,
    ::testing::Values(CacheBackendParam{
        "redis_cluster",
        [](const cache::CacheOptions& options) -> std::unique_ptr<CacheHarness> {
            return std::make_unique<ClusterHarness>(options);
        }}),
    [](const auto& info) { return info.param.name; });

} // namespace
} // namespace jollyjet::test

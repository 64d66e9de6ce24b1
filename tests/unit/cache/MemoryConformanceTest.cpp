#include "CacheConformance.h"

#include "jollyjet/cache/MemoryCacheService.h"

namespace jollyjet::test {
namespace {

class MemoryHarness : public CacheHarness {
public:
    explicit MemoryHarness(const cache::CacheOptions& options) : cache_(options, metrics_) {}
    cache::CacheServiceBase& cache() override { return cache_; }

private:
    metrics::Registry metrics_;
    cache::MemoryCacheService cache_;
};

INSTANTIATE_TEST_SUITE_P(Memory, CacheConformance,
                         ::testing::Values(CacheBackendParam{
                             "memory",
                             [](const cache::CacheOptions& options) -> std::unique_ptr<CacheHarness> {
                                 return std::make_unique<MemoryHarness>(options);
                             }}),
                         [](const auto& info) { return info.param.name; });

} // namespace
} // namespace jollyjet::test

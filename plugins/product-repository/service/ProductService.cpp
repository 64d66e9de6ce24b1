#include "ProductService.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "../model/ProductJson.h"
#include "jollyjet/events/Events.h"
#include "jollyjet/http/Json.h"
#include "jollyjet/metrics/Metrics.h"

namespace jollyjet::products {

namespace {

constexpr const char* kGeneration = "products";

std::string listJson(const ListPage& page) {
    std::string out = R"({"products":[)";
    for (std::size_t i = 0; i < page.products.size(); ++i) {
        if (i) out += ',';
        appendProductJson(out, page.products[i], false);
    }
    out += R"(],"total":)" + std::to_string(page.total) + "}";
    return out;
}

std::optional<ListPage> listFromJson(const std::string& json) {
    try {
        auto parsed = Poco::JSON::Parser().parse(json);
        if (parsed.type() != typeid(Poco::JSON::Object::Ptr)) return std::nullopt;
        auto object = parsed.extract<Poco::JSON::Object::Ptr>();
        auto products = object->getArray("products");
        if (!products || !object->has("total")) return std::nullopt;
        ListPage page;
        page.total = object->getValue<Poco::Int64>("total");
        for (unsigned i = 0; i < products->size(); ++i) {
            auto product = productFromObject(products->getObject(i));
            if (!product) return std::nullopt;
            page.products.push_back(std::move(*product));
        }
        return page;
    } catch (const Poco::Exception&) {
        return std::nullopt;
    }
}

std::string lowerId(std::string id) {
    for (auto& c : id)
        if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
    return id;
}

} // namespace

ProductService::ProductService(ProductStore& store, cache::CacheService* cache, Events& events,
                               metrics::Registry& metrics, std::shared_ptr<spdlog::logger> log,
                               Settings settings)
    : store_(store), cache_(cache), events_(events), metrics_(metrics), log_(std::move(log)),
      settings_(settings), storeName_(store.name()) {}

void ProductService::record(cache::Source source) {
    metrics_
        .counter("jollyjet_cache_requests_total", "Cache lookups by layer and result",
                 {{"layer", "repository"}, {"result", source == cache::Source::Loaded ? "miss"
                                                      : source == cache::Source::Bypass ? "error"
                                                                                         : cache::toString(source)}})
        .inc();
}

template <typename T, typename Decode, typename Encode, typename Load>
Read<T> ProductService::read(const std::string& key, std::chrono::seconds ttl, bool negative,
                             Load load, Encode encode, Decode decode) {
    if (!cache_) return {load(), {false, cache::Source::Bypass, {}, ttl}};

    // The loader hands its decoded result out through `loaded`, so a miss does not
    // re-parse what it just serialized.
    std::optional<T> loaded;
    cache::LoadPolicy policy;
    policy.ttl = ttl;
    policy.staleFor = settings_.staleFor;
    policy.negativeTtl = negative ? settings_.negativeTtl : std::chrono::seconds(0);
    auto result = cache_->getOrLoad(key, policy, [&]() -> std::optional<std::string> {
        loaded = load();
        return encode(*loaded);
    });
    record(result.source);
    ReadInfo info{result.source == cache::Source::Hit || result.source == cache::Source::Stale,
                  result.source, key, ttl};
    if (result.source == cache::Source::Hit) log_->info("cache hit {}", key);
    else log_->debug("cache {} {}", cache::toString(result.source), key);
    if (loaded) return {std::move(*loaded), info};
    // The value came from the cache (or from another caller's load).
    if (auto decoded = decode(result.value)) return {std::move(*decoded), info};
    // Not our representation (a damaged or foreign entry): treat as a miss without
    // filling, rather than fail or serve it.
    log_->warn("cache entry {} could not be decoded; reading the store", key);
    return {load(), {false, cache::Source::Bypass, key, ttl}};
}

Read<std::optional<Product>> ProductService::get(const std::string& rawId) {
    const std::string id = lowerId(rawId);
    return read<std::optional<Product>>(
        "product:" + id, settings_.itemTtl, true, [&] { return store_.findById(id); },
        [](const std::optional<Product>& p) -> std::optional<std::string> {
            if (!p) return std::nullopt; // negative entry
            return productJson(*p, false);
        },
        [](const std::optional<std::string>& text) -> std::optional<std::optional<Product>> {
            if (!text) return std::optional<Product>(); // cached "not found"
            auto product = productFromJson(*text);
            if (!product) return std::nullopt;
            return std::optional<Product>(std::move(*product));
        });
}

Read<ListPage> ProductService::list(const ListQuery& query) {
    const std::string key = cache_ ? "products:" + std::to_string(cache_->generation(kGeneration)) +
                                         ":" + canonicalList(query)
                                   : std::string();
    return read<ListPage>(
        key, settings_.listTtl, false,
        [&] {
            ListPage page;
            page.products = store_.find(query.filter, query.skip(), query.limit);
            page.total = store_.count(query.filter);
            return page;
        },
        [](const ListPage& page) -> std::optional<std::string> { return listJson(page); },
        [](const std::optional<std::string>& text) -> std::optional<ListPage> {
            if (!text) return std::nullopt;
            return listFromJson(*text);
        });
}

Read<std::int64_t> ProductService::count(const ProductFilter& filter) {
    const std::string key = cache_ ? "product:count:" + std::to_string(cache_->generation(kGeneration)) +
                                         ":" + canonicalFilter(filter)
                                   : std::string();
    return read<std::int64_t>(
        key, settings_.countTtl, false, [&] { return store_.count(filter); },
        [](std::int64_t n) -> std::optional<std::string> { return std::to_string(n); },
        [](const std::optional<std::string>& text) -> std::optional<std::int64_t> {
            if (!text) return std::nullopt;
            try {
                std::size_t used = 0;
                const long long n = std::stoll(*text, &used);
                if (used != text->size() || n < 0) return std::nullopt;
                return n;
            } catch (const std::exception&) {
                return std::nullopt;
            }
        });
}

void ProductService::afterWrite(const std::string& id, const char* kind) {
    if (cache_) {
        // Both never throw; they remember failures and retry them.
        cache_->invalidate("product:" + id);
        cache_->bumpGeneration(kGeneration);
    }
    std::string payload = R"({"id":)";
    http::appendQuoted(payload, id);
    payload += R"(,"kind":")" + std::string(kind) + "\"}";
    try {
        events_.publish(topics::kProductsChanged, payload);
    } catch (const std::exception& e) {
        log_->warn("publishing {} of {} failed: {}", kind, id, e.what());
    }
}

Product ProductService::create(const NewProduct& product) {
    Product created = store_.create(product);
    afterWrite(created.id, "created");
    return created;
}

std::optional<Product> ProductService::update(const std::string& rawId, const ProductPatch& patch,
                                              const char* kind) {
    const std::string id = lowerId(rawId);
    auto updated = store_.update(id, patch);
    if (updated && !patch.empty()) afterWrite(id, kind);
    return updated;
}

bool ProductService::remove(const std::string& rawId) {
    const std::string id = lowerId(rawId);
    const bool removed = store_.remove(id);
    if (removed) afterWrite(id, "deleted");
    return removed;
}

} // namespace jollyjet::products

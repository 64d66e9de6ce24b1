#include "ProductService.h"

#include "../model/ProductJson.h"
#include "jollyjet/events/Events.h"
#include "jollyjet/http/Json.h"
#include "jollyjet/metrics/Metrics.h"

namespace jollyjet::products {

namespace {

// {"total":n,"products":[...]}: total first, so a hit reads it without a parser.
std::string listValue(const ListPage& page) {
    return R"({"total":)" + std::to_string(page.total) + R"(,"products":)" + page.products + "}";
}

std::optional<ListPage> listFromValue(const std::string& value) {
    static const std::string head = R"({"total":)";
    static const std::string middle = R"(,"products":[)";
    if (value.compare(0, head.size(), head) != 0 || value.back() != '}') return std::nullopt;
    std::size_t at = head.size();
    std::int64_t total = 0;
    const std::size_t digits = at;
    while (at < value.size() && value[at] >= '0' && value[at] <= '9') total = total * 10 + (value[at++] - '0');
    if (at == digits || value.compare(at, middle.size(), middle) != 0) return std::nullopt;
    const std::size_t array = at + middle.size() - 1;
    if (value.size() < array + 3 || value[value.size() - 2] != ']') return std::nullopt;
    return ListPage{value.substr(array, value.size() - 1 - array), total};
}

bool looksLikeProduct(const std::string& value) {
    return value.size() > 10 && value.compare(0, 7, R"({"id":")") == 0 && value.back() == '}';
}

std::string lowerId(std::string id) {
    for (auto& c : id)
        if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
    return id;
}

} // namespace

std::string productTag(const std::string& id) { return "product:" + lowerId(id); }

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
Read<T> ProductService::read(const std::string& key, const std::string& tag, std::chrono::seconds ttl,
                             bool negative, Load load, Encode encode, Decode decode) {
    if (!cache_) return {load(), {false, cache::Source::Bypass, {}, ttl}};

    // The loader hands its decoded result out through `loaded`, so a miss does not
    // re-parse what it just serialized.
    std::optional<T> loaded;
    cache::LoadPolicy policy;
    policy.ttl = ttl;
    policy.staleFor = settings_.staleFor;
    policy.negativeTtl = negative ? settings_.negativeTtl : std::chrono::seconds(0);
    auto result = cache_->getOrLoadTagged(key, policy, [&]() -> cache::Tagged {
        loaded = load();
        return cache::Tagged{encode(*loaded), {tag}, true};
    });
    record(result.source);
    ReadInfo info{result.source == cache::Source::Hit || result.source == cache::Source::Stale,
                  result.source, key, ttl, result.freshUntilMs};
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

Read<std::optional<std::string>> ProductService::get(const std::string& rawId) {
    const std::string id = lowerId(rawId);
    using Item = std::optional<std::string>;
    return read<Item>(
        "product:" + id, productTag(id), settings_.itemTtl, true,
        [&]() -> Item {
            auto product = store_.findById(id);
            if (!product) return std::nullopt;
            return productJson(*product, true);
        },
        [](const Item& json) -> std::optional<std::string> { return json; }, // nullopt: negative entry
        [](const std::optional<std::string>& text) -> std::optional<Item> {
            if (!text) return Item(); // cached "not found"
            if (!looksLikeProduct(*text)) return std::nullopt;
            return Item(*text);
        });
}

Read<ListPage> ProductService::list(const ListQuery& query) {
    const std::string key = cache_ ? "products:" + canonicalList(query) : std::string();
    return read<ListPage>(
        key, kListsTag, settings_.listTtl, false,
        [&] {
            ListPage page;
            std::string array = "[";
            const auto products = store_.find(query.filter, query.skip(), query.limit);
            for (std::size_t i = 0; i < products.size(); ++i) {
                if (i) array += ',';
                appendProductJson(array, products[i], true);
            }
            page.products = array + "]";
            page.total = store_.count(query.filter);
            return page;
        },
        [](const ListPage& page) -> std::optional<std::string> { return listValue(page); },
        [](const std::optional<std::string>& text) -> std::optional<ListPage> {
            if (!text) return std::nullopt;
            return listFromValue(*text);
        });
}

Read<std::int64_t> ProductService::count(const ProductFilter& filter) {
    const std::string key = cache_ ? "product:count:" + canonicalFilter(filter) : std::string();
    return read<std::int64_t>(
        key, kListsTag, settings_.countTtl, false, [&] { return store_.count(filter); },
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

template <typename Write>
void ProductService::written(const std::vector<std::string>& tags, Write write) {
    if (!cache_) {
        write();
        return;
    }
    // The tags retire this plugin's entries and every response cache's copies of
    // them; the cache's write policy decides what happens when it cannot be told.
    cache_->writeThrough(tags, [&] { return write(); });
}

void ProductService::announce(const std::string& id, const char* kind) {
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
    Product created;
    written({kListsTag}, [&] {
        created = store_.create(product);
        return std::vector<std::string>{productTag(created.id)};
    });
    announce(created.id, "created");
    return created;
}

std::optional<Product> ProductService::update(const std::string& rawId, const ProductPatch& patch,
                                              const char* kind) {
    const std::string id = lowerId(rawId);
    if (patch.empty()) return store_.update(id, patch);
    std::optional<Product> updated;
    written({productTag(id), kListsTag}, [&] {
        updated = store_.update(id, patch);
        return std::vector<std::string>{};
    });
    if (updated) announce(id, kind);
    return updated;
}

bool ProductService::remove(const std::string& rawId) {
    const std::string id = lowerId(rawId);
    bool removed = false;
    written({productTag(id), kListsTag}, [&] {
        removed = store_.remove(id);
        return std::vector<std::string>{};
    });
    if (removed) announce(id, "deleted");
    return removed;
}

} // namespace jollyjet::products

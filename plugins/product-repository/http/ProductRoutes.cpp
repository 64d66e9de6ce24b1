#include "ProductRoutes.h"

#include <algorithm>
#include <chrono>

#include <Poco/String.h>

#include "../model/ProductBody.h"
#include "../model/ProductJson.h"
#include "../model/ProductQuery.h"
#include "../service/ProductService.h"
#include "jollyjet/http/BearerToken.h"
#include "jollyjet/http/EntityTag.h"
#include "jollyjet/http/HttpError.h"
#include "jollyjet/http/Json.h"
#include "jollyjet/http/Router.h"
#include "jollyjet/mongo/ObjectId.h"

namespace jollyjet::products {

namespace {

using http::Exchange;
using http::HttpError;

/// Second line of defence behind the schema (docs/openapi.yaml): 400, nothing written.
void checkInvariants(const std::optional<std::string>& name, const std::optional<std::string>& description,
                     const std::optional<double>& price, const std::optional<std::int64_t>& stock,
                     const std::optional<std::string>& category) {
    if (name && Poco::trim(*name).empty()) throw HttpError(400, "Product name is required.");
    if (description && Poco::trim(*description).empty())
        throw HttpError(400, "Product description is required.");
    if (price && !(*price >= 0)) throw HttpError(400, "Product price must be a non-negative number.");
    if (stock && *stock < 0) throw HttpError(400, "Product stock must be a non-negative number.");
    if (category && Poco::trim(*category).empty()) throw HttpError(400, "Product category is required.");
}

std::string validId(const Exchange& ex) {
    const std::string id = ex.request.pathParams.get("id").value_or("");
    if (!mongo::ObjectId::isValid(id)) throw HttpError(400, "Invalid product ID format.");
    return id;
}

class Routes {
public:
    Routes(ProductService& service, std::string keyPrefix)
        : service_(service), keyPrefix_(std::move(keyPrefix)) {}

    void create(Exchange& ex) {
        NewProduct product = parseCreateBody(ex.request);
        checkInvariants(product.name, product.description, product.price, product.stock, product.category);
        if (product.stock == 0 || !product.isActive) throw HttpError(400, "Product is not available.");
        const Product created = service_.create(product);
        std::string body = R"({"status":"success","data":)";
        appendProductJson(body, created, false);
        body += R"(,"message":"Product created successfully"})";
        send(ex, 201, std::move(body), service_.storeName());
        ex.response.setHeader("Location", "/api/products/" + created.id);
    }

    void list(Exchange& ex, const ListQuery& query, const char* message) {
        auto read = service_.list(query);
        const auto& page = read.value;
        const std::int64_t totalPages = (page.total + query.limit - 1) / query.limit;
        std::string body = R"({"status":"success","data":{"products":)" + page.products;
        body += R"(,"total":)" + std::to_string(page.total) + R"(,"page":)" + std::to_string(query.page) +
                R"(,"limit":)" + std::to_string(query.limit) + R"(,"totalPages":)" +
                std::to_string(totalPages) + R"(},"message":")" + message + "\"";
        finishRead(ex, std::move(body), read.info, kListsTag);
    }

    void count(Exchange& ex) {
        const ListQuery query = parseListQuery(ex.request.query);
        auto read = service_.count(query.filter);
        std::string body = R"({"status":"success","data":)" + std::to_string(read.value) +
                           R"(,"message":"Products count retrieved successfully")";
        finishRead(ex, std::move(body), read.info, kListsTag);
    }

    void get(Exchange& ex) {
        const std::string raw = ex.request.pathParams.get("id").value_or("");
        if (Poco::trim(raw).empty()) throw HttpError(400, "Product ID is required for retrieval.");
        const std::string id = validId(ex);
        auto read = service_.get(id);
        if (!read.value)
            throw HttpError(404, "Product not found.",
                            {{"id", "Product with specified ID does not exist."}});
        std::string body = R"({"status":"success","data":)" + *read.value +
                           R"(,"message":"Product retrieved successfully")";
        finishRead(ex, std::move(body), read.info, productTag(id));
    }

    void update(Exchange& ex) {
        ProductPatch patch = parseUpdateBody(ex.request); // 422 before the id check
        const std::string id = validId(ex);
        checkInvariants(patch.name, patch.description, patch.price, patch.stock, patch.category);
        auto updated = service_.update(id, patch);
        if (!updated) throw HttpError(404, "Product not found.");
        sendProduct(ex, *updated, "Product updated successfully");
    }

    void wishlist(Exchange& ex) {
        const bool status = parseWishlistBody(ex.request);
        const std::string id = validId(ex);
        ProductPatch patch;
        patch.isWishlistStatus = status;
        auto updated = service_.update(id, patch, "wishlist");
        if (!updated) throw HttpError(404, "Product not found.");
        sendProduct(ex, *updated, "Product wishlist status updated successfully");
    }

    void remove(Exchange& ex) {
        const std::string id = validId(ex);
        if (!service_.remove(id)) throw HttpError(404, "Product not found.");
        send(ex, 200, R"({"status":"success","message":"Product deleted successfully"})",
             service_.storeName());
    }

private:
    void sendProduct(Exchange& ex, const Product& product, const char* message) {
        std::string body = R"({"status":"success","data":)";
        appendProductJson(body, product, true);
        body += R"(,"message":")" + std::string(message) + "\"}";
        send(ex, 200, std::move(body), service_.storeName());
    }

    // Closes a cacheable GET body with cacheInfo describing this layer's answer, and
    // tells response caches the answer's tag and where that member is, so a cache
    // layer puts its own in its place without parsing the body.
    void finishRead(Exchange& ex, std::string body, const ReadInfo& info, const std::string& tag) {
        // The entity tag covers the data, not cacheInfo (which says how it was
        // delivered): a client revalidates with If-None-Match and gets 304 until a
        // write changes the answer. no-cache: a client may keep it but must ask
        // before reusing it, so read-your-writes holds for client caches too.
        ex.response.setHeader("ETag", http::strongEtag(200, body + "}"));
        ex.response.setHeader("Cache-Control", "no-cache");
        ex.response.cache.tags = {tag};
        ex.response.cache.infoAt = body.size();
        if (!info.cacheKey.empty()) {
            body += R"(,"cacheInfo":{"cacheStatus":)";
            http::appendQuoted(body, info.fromCache ? "hit" : "miss");
            body += R"(,"cacheKey":)";
            http::appendQuoted(body, keyPrefix_ + info.cacheKey);
            // Seconds left and the time it was stored, from the entry's freshness
            // (cacheInfo in docs/openapi.yaml); a fresh load reports the full TTL and now.
            const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count();
            const std::int64_t ttlMs = info.ttl.count() * 1000;
            const std::int64_t until = info.freshUntilMs > 0 ? info.freshUntilMs : now + ttlMs;
            const std::int64_t left = std::max<std::int64_t>(0, (until - now + 999) / 1000);
            body += R"(,"ttl":)" + std::to_string(left) + R"(,"cachedAt":")" +
                    http::isoFromMs(std::min(now, until - ttlMs)) + "\"}";
        }
        ex.response.cache.infoLength = body.size() - ex.response.cache.infoAt;
        body += '}';
        ex.notes.set("cache.repository", cache::toString(info.source));
        send(ex, 200, std::move(body), info.fromCache ? "cache" : service_.storeName());
    }

    static void send(Exchange& ex, int status, std::string body, const std::string& source) {
        // set() keeps the hints finishRead left; an error envelope (HttpError) is a
        // fresh Response without them.
        ex.response.set(status, std::move(body));
        ex.response.setHeader("X-Data-Source", source);
    }

    ProductService& service_;
    std::string keyPrefix_;
};

} // namespace

// A store failure is the dependency's, not the client's: 503 with a message the
// client can act on, and the detail in the log.
template <typename F>
http::Handler guarded(F body) {
    return [body](Exchange& ex) {
        try {
            body(ex);
        } catch (const StoreUnavailable&) {
            ex.notes.set("store", "unavailable");
            throw HttpError(503, "Product store unavailable, please retry later");
        } catch (const cache::WriteRefused&) {
            // Strict write policy: the write was not made (or may be unannounced).
            ex.notes.set("cache", "write-refused");
            throw HttpError(503, "Cache unavailable, the write could not be made safely; please retry later");
        }
    };
}

// Writes demand the write token when one is configured (401 otherwise, wrong
// tokens limited per client address); reads never do.
template <typename F>
http::Handler writeGuarded(std::shared_ptr<WriteGuard> guard, F body) {
    return [guard, body](Exchange& ex) {
        if (!guard->admit(ex)) return;
        body(ex);
    };
}

void registerProductRoutes(http::Router& router, ProductService& service, std::string keyPrefix,
                           std::shared_ptr<WriteGuard> writes, std::int64_t maxResultWindow) {
    auto routes = std::make_shared<Routes>(service, std::move(keyPrefix));
    router.add("POST", "/api/products",
               writeGuarded(writes, guarded([routes](Exchange& ex) { routes->create(ex); })));
    // What response caches may do with each GET: the query parameters it reads
    // (others stay out of keys), and the lifetimes by name ([plugin.http-cache] ttl.NAME).
    using Cache = http::Router::CacheOptions;
    using std::chrono::hours;
    const std::vector<std::string> listParams{"page",     "limit",            "category",  "search",
                                              "isActive", "isWishlistStatus", "priceRange"};
    router.add("GET", "/api/products", guarded([routes, maxResultWindow](Exchange& ex) {
                   const ListQuery query = parseListQuery(ex.request.query);
                   checkResultWindow(query, maxResultWindow);
                   routes->list(ex, query, "Products retrieved successfully");
               }),
               Cache{listParams, "list", hours(24)});
    router.add("GET", "/api/products/count", guarded([routes](Exchange& ex) { routes->count(ex); }),
               Cache{listParams, "count", hours(1)});
    router.add("GET", "/api/products/wishlist", guarded([routes, maxResultWindow](Exchange& ex) {
                   const ListQuery query = parseWishlistQuery(ex.request.query);
                   checkResultWindow(query, maxResultWindow);
                   routes->list(ex, query, "Wishlist products retrieved successfully");
               }),
               Cache{std::vector<std::string>{"page", "limit"}, "wishlist", hours(1)});
    router.add("GET", "/api/products/:id", guarded([routes](Exchange& ex) { routes->get(ex); }),
               Cache{std::vector<std::string>{}, "item", hours(24)});
    router.add("PUT", "/api/products/:id",
               writeGuarded(writes, guarded([routes](Exchange& ex) { routes->update(ex); })));
    router.add("PATCH", "/api/products/:id/wishlist",
               writeGuarded(writes, guarded([routes](Exchange& ex) { routes->wishlist(ex); })));
    router.add("DELETE", "/api/products/:id",
               writeGuarded(writes, guarded([routes](Exchange& ex) { routes->remove(ex); })));
}

} // namespace jollyjet::products

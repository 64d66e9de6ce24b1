#include "AdminRoutes.h"

#include <Poco/JSON/Parser.h>

#include "AdminPage.h"
#include "StatsReport.h"
#include "jollyjet/Services.h"
#include "jollyjet/cache/CacheService.h"
#include "jollyjet/http/Json.h"
#include "jollyjet/http/Router.h"

namespace jollyjet::admin {

namespace {

using http::Exchange;
using http::HttpError;
using Object = Poco::JSON::Object::Ptr;

void sendSuccess(Exchange& ex, const Object& data, const std::string& message = {}) {
    auto body = http::makeObject();
    body->set("status", "success");
    body->set("data", data);
    if (!message.empty()) body->set("message", message);
    http::sendJson(ex.response, 200, body);
}

/// A cache failure: the documented status and message (500), the reason beside it.
void sendCacheFailure(Exchange& ex, const std::string& message, const std::exception& e) {
    auto body = http::makeObject();
    body->set("status", "error");
    body->set("message", message);
    body->set("error", e.what());
    http::sendJson(ex.response, 500, body);
}

cache::CacheService& cacheOf(const AdminContext& ctx) {
    if (!ctx.services.hasCache()) throw HttpError(503, "No cache is configured");
    return ctx.services.cache();
}

std::string requiredQuery(const Exchange& ex, const char* name, const char* message) {
    auto value = ex.request.query.get(name);
    if (!value || value->empty()) throw HttpError(400, message);
    return *value;
}

/// Remaining lifetime in whole seconds, or null (missing key, no expiry), as Ref's /check.
Poco::Dynamic::Var ttlSeconds(const std::optional<std::chrono::milliseconds>& ttl) {
    if (!ttl) return {};
    return static_cast<Poco::Int64>((ttl->count() + 999) / 1000);
}

/// Runs a guarded admin handler: 401 without the token, HttpError passes through.
template <typename F>
http::Handler guarded(const AdminContext& ctx, F body) {
    return [&ctx, body](Exchange& ex) {
        if (!ctx.guard.admit(ex)) return;
        body(ex);
    };
}

/// `{"pages":N}` in the body, else `?pages=`, else the configured default; 400
/// outside 1..maxPages.
int warmupPages(const Exchange& ex, const AdminContext& ctx) {
    long pages = ctx.defaultPages;
    std::string text;
    if (!ex.request.body.empty()) {
        try {
            auto parsed = Poco::JSON::Parser().parse(ex.request.body);
            auto object = parsed.extract<Poco::JSON::Object::Ptr>();
            if (object && object->has("pages")) pages = object->getValue<long>("pages");
        } catch (const Poco::Exception&) {
            throw HttpError(400, "Body must be a JSON object such as {\"pages\":3}");
        }
    } else if (auto q = ex.request.query.get("pages")) {
        try {
            std::size_t used = 0;
            pages = std::stol(*q, &used);
            if (used != q->size()) throw std::invalid_argument("trailing text");
        } catch (const std::exception&) {
            throw HttpError(400, "pages must be a whole number");
        }
    }
    if (pages < 1 || pages > ctx.maxPages)
        throw HttpError(400, "pages must be between 1 and " + std::to_string(ctx.maxPages));
    return static_cast<int>(pages);
}

void keyInfo(const AdminContext& ctx, Exchange& ex, const std::string& fullKey) {
    const std::string key = ctx.scope.key(fullKey);
    auto& cache = cacheOf(ctx);
    try {
        const auto value = cache.get(key);
        const auto ttl = value ? cache.ttl(key) : std::nullopt;
        auto data = http::makeObject();
        data->set("key", fullKey);
        data->set("exists", value.has_value());
        data->set("ttl", ttlSeconds(ttl));
        data->set("value", value ? Poco::Dynamic::Var(*value) : Poco::Dynamic::Var());
        sendSuccess(ex, data);
    } catch (const cache::CacheError& e) {
        sendCacheFailure(ex, "Error reading cache key", e);
    }
}

void keyDelete(const AdminContext& ctx, Exchange& ex, const std::string& fullKey) {
    const std::string key = ctx.scope.key(fullKey);
    auto& cache = cacheOf(ctx);
    bool existed = false;
    try {
        existed = cache.del(key);
    } catch (const cache::CacheError& e) {
        sendCacheFailure(ex, "Error deleting cache key", e);
        return;
    }
    if (!existed) throw HttpError(404, "Key not found");
    auto data = http::makeObject();
    data->set("key", fullKey);
    data->set("deleted", true);
    sendSuccess(ex, data, "Cache key deleted successfully");
}

} // namespace

void registerAdminRoutes(http::Router& router, const AdminContext& ctx) {
    router.add("GET", "/api/cache/stats", guarded(ctx, [&ctx](Exchange& ex) {
                   sendSuccess(ex, buildStats(ctx.services, ctx.started));
               }));

    router.add("GET", "/api/cache/history", guarded(ctx, [&ctx](Exchange& ex) {
                   sendSuccess(ex, buildHistory(ctx.history, ctx.topHits));
               }));

    router.add("GET", "/api/cache/check", guarded(ctx, [&ctx](Exchange& ex) {
                   const std::string full = requiredQuery(ex, "key", "Key parameter is required");
                   const std::string key = ctx.scope.key(full);
                   auto& cache = cacheOf(ctx);
                   try {
                       const bool exists = cache.exists(key);
                       auto data = http::makeObject();
                       data->set("key", full);
                       data->set("exists", exists);
                       data->set("ttl", exists ? ttlSeconds(cache.ttl(key)) : Poco::Dynamic::Var());
                       sendSuccess(ex, data);
                   } catch (const cache::CacheError& e) {
                       sendCacheFailure(ex, "Error checking cache key", e);
                   }
               }));

    router.add("DELETE", "/api/cache/invalidate", guarded(ctx, [&ctx](Exchange& ex) {
                   const std::string full = requiredQuery(ex, "pattern", "Pattern parameter is required");
                   const std::string pattern = ctx.scope.pattern(full);
                   auto& cache = cacheOf(ctx);
                   try {
                       const auto deleted = cache.deleteByPattern(pattern);
                       ctx.log->info("cache admin: invalidated {} keys matching {}", deleted, full);
                       auto data = http::makeObject();
                       data->set("pattern", full);
                       data->set("deletedCount", static_cast<Poco::UInt64>(deleted));
                       sendSuccess(ex, data, "Cache invalidated successfully");
                   } catch (const cache::CacheError& e) {
                       sendCacheFailure(ex, "Error invalidating cache", e);
                   }
               }));

    router.add("GET", "/api/cache/status", guarded(ctx, [&ctx](Exchange& ex) {
                   auto data = http::makeObject();
                   auto& cache = cacheOf(ctx);
                   try {
                       const auto rtt = cache.ping();
                       data->set("isConnected", true);
                       data->set("message", "Redis connection is healthy");
                       data->set("latencyMs", static_cast<double>(rtt.count()) / 1000.0);
                   } catch (const std::exception& e) {
                       data->set("isConnected", false);
                       data->set("message", "Redis connection is not active");
                       data->set("error", e.what());
                   }
                   data->set("backend", cache.backend());
                   sendSuccess(ex, data);
               }));

    router.add("POST", "/api/cache/warmup", guarded(ctx, [&ctx](Exchange& ex) {
                   const int pages = warmupPages(ex, ctx);
                   const bool wishlist = ex.request.query.has("userId");
                   auto& cache = cacheOf(ctx);
                   // Warming a cache that cannot be written would report 0 and look
                   // like success: say what is wrong instead.
                   try {
                       cache.ping();
                   } catch (const std::exception& e) {
                       sendCacheFailure(ex, "Error warming up cache", e);
                       return;
                   }
                   const auto result = ctx.warmer.run(pages, wishlist, ctx.cancel);
                   if (result.busy) throw HttpError(409, "A cache warm-up is already running");
                   auto data = http::makeObject();
                   data->set("warmed", static_cast<Poco::UInt64>(result.warmed));
                   data->set("requests", static_cast<Poco::UInt64>(result.requests));
                   data->set("failed", static_cast<Poco::UInt64>(result.failed));
                   data->set("products", static_cast<Poco::UInt64>(result.products));
                   data->set("pages", pages);
                   sendSuccess(ex, data, "Cache warmed up successfully");
               }));

    router.add("DELETE", "/api/cache", guarded(ctx, [&ctx](Exchange& ex) {
                   auto& cache = cacheOf(ctx);
                   try {
                       const auto deleted = cache.clear();
                       ctx.topHits.clear();
                       ctx.log->info("cache admin: cleared {} keys under {}", deleted, cache.keyPrefix());
                       auto data = http::makeObject();
                       data->set("prefix", cache.keyPrefix());
                       data->set("deletedCount", static_cast<Poco::UInt64>(deleted));
                       sendSuccess(ex, data, "Cache cleared successfully");
                   } catch (const cache::CacheError& e) {
                       sendCacheFailure(ex, "Error clearing cache", e);
                   }
               }));

    // Keys holding '/' (http-cache keys embed the URL) cannot be one path segment,
    // so the key may also come as ?key= on /api/cache/keys.
    router.add("GET", "/api/cache/keys/:key", guarded(ctx, [&ctx](Exchange& ex) {
                   keyInfo(ctx, ex, ex.request.pathParams.get("key").value_or(""));
               }));
    router.add("DELETE", "/api/cache/keys/:key", guarded(ctx, [&ctx](Exchange& ex) {
                   keyDelete(ctx, ex, ex.request.pathParams.get("key").value_or(""));
               }));
    router.add("GET", "/api/cache/keys", guarded(ctx, [&ctx](Exchange& ex) {
                   keyInfo(ctx, ex, requiredQuery(ex, "key", "Key parameter is required"));
               }));
    router.add("DELETE", "/api/cache/keys", guarded(ctx, [&ctx](Exchange& ex) {
                   keyDelete(ctx, ex, requiredQuery(ex, "key", "Key parameter is required"));
               }));

    router.add("GET", "/admin", [&ctx](Exchange& ex) {
        // A browser navigation cannot carry the header: the page also takes ?token=,
        // and without a valid token answers a small form that keeps the token in
        // session storage and loads the page with the header.
        ex.response.contentType = "text/html; charset=utf-8";
        ex.response.setHeader("Cache-Control", "no-store");
        ex.response.setHeader("Content-Security-Policy",
                              "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                              "connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'");
        ex.response.setHeader("Referrer-Policy", "no-referrer");
        bool lockedOut = false;
        if (ctx.guard.admitPage(ex, lockedOut)) {
            ex.response.set(200, adminPageHtml());
        } else if (!lockedOut) {
            ex.response.setHeader("WWW-Authenticate", R"(Bearer realm="jollyjet-admin")");
            ex.response.set(401, loginPageHtml());
        }
    });
}

} // namespace jollyjet::admin

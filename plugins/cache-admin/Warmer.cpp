#include "Warmer.h"

#include <optional>
#include <set>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "jollyjet/cache/CacheService.h"
#include "jollyjet/http/Filter.h"
#include "jollyjet/http/HttpError.h"

namespace jollyjet::admin {

std::vector<std::string> productIdsOf(const std::string& listBody) {
    std::vector<std::string> ids;
    try {
        auto root = Poco::JSON::Parser().parse(listBody).extract<Poco::JSON::Object::Ptr>();
        auto data = root ? root->getObject("data") : nullptr;
        auto products = data ? data->getArray("products") : nullptr;
        if (!products) return ids;
        for (std::size_t i = 0; i < products->size(); ++i) {
            auto product = products->getObject(static_cast<unsigned>(i));
            if (product && product->has("id")) ids.push_back(product->getValue<std::string>("id"));
        }
    } catch (const Poco::Exception&) {
    } catch (const std::exception&) {
    }
    return ids;
}

Warmer::Warmer(const http::FilterChain& chain, cache::CacheService* cache,
               std::shared_ptr<spdlog::logger> log)
    : chain_(chain), cache_(cache), log_(std::move(log)) {}

std::optional<std::string> Warmer::get(const std::string& target, Result& result) {
    http::Exchange ex;
    auto& request = ex.request;
    request.method = "GET";
    request.uri = target;
    const auto question = target.find('?');
    request.path = target.substr(0, question);
    if (question != std::string::npos) request.rawQuery = target.substr(question + 1);
    request.query = http::Params::parseQuery(request.rawQuery);
    request.clientAddress = "cache-admin warm-up";
    request.headers.set("User-Agent", "jollyjet-cache-admin-warmup");
    ++result.requests;
    try {
        chain_.run(ex);
    } catch (const http::HttpError& e) {
        ex.response.status = e.status();
    } catch (const std::exception& e) {
        log_->warn("warm-up GET {} failed: {}", target, e.what());
        ex.response.status = 500;
    }
    if (ex.response.status != 200) {
        ++result.failed;
        return std::nullopt;
    }
    return std::move(ex.response.body);
}

Warmer::Result Warmer::run(int pages, bool wishlist, const std::atomic<bool>& cancel) {
    Result result;
    std::unique_lock lock(running_, std::try_to_lock);
    if (!lock.owns_lock()) {
        result.busy = true;
        return result;
    }
    const auto setsBefore = cache_ ? cache_->stats().sets : 0;

    // The first page is asked for as clients ask for it, without ?page=1.
    std::set<std::string> seen;
    std::vector<std::string> ids;
    for (int page = 1; page <= pages && !cancel; ++page) {
        auto body = get(page == 1 ? "/api/products" : "/api/products?page=" + std::to_string(page), result);
        if (!body) break;
        const auto found = productIdsOf(*body);
        for (const auto& id : found)
            if (seen.insert(id).second) ids.push_back(id);
        if (found.empty()) break; // past the last page
    }
    if (!cancel) get("/api/products/count", result);
    if (wishlist && !cancel) get("/api/products/wishlist", result);
    for (const auto& id : ids) {
        if (cancel) break;
        get("/api/products/" + id, result);
    }
    result.products = ids.size();
    result.warmed = cache_ ? cache_->stats().sets - setsBefore : 0;
    log_->info("cache warm-up: {} requests ({} failed), {} products, {} entries written",
               result.requests, result.failed, result.products, result.warmed);
    return result;
}

} // namespace jollyjet::admin

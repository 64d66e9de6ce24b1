#include "jollyjet/http/CorsFilter.h"


namespace jollyjet::http {

namespace {

constexpr const char* kMethods = "GET, HEAD, POST, PUT, PATCH, DELETE";
constexpr const char* kRequestHeaders = "Authorization, Content-Type, If-None-Match, Cache-Control";
constexpr const char* kExposed = "ETag, Location, Retry-After, X-Data-Source, X-Response-Time, Cache-Status, Age";

void addVary(Response& response, const std::string& name) {
    const std::string current = response.headers.get("Vary", "");
    if (current.find(name) != std::string::npos) return;
    response.setHeader("Vary", current.empty() ? name : current + ", " + name);
}

void addVary(FastResponse& response, const std::string& name) {
    for (auto& [header, value] : response.headers) {
        if (header != "Vary") continue;
        if (value.find(name) == std::string::npos) value += ", " + name;
        return;
    }
    response.headers.emplace_back("Vary", name);
}

} // namespace

CorsFilter::CorsFilter(Settings settings) : maxAgeSeconds_(settings.maxAgeSeconds) {
    for (auto& origin : settings.origins) {
        if (origin == "*")
            anyOrigin_ = true;
        else
            origins_.insert(origin);
    }
}

bool CorsFilter::allowed(const std::string& origin) const {
    return !origin.empty() && (anyOrigin_ || origins_.count(origin) > 0);
}

void CorsFilter::handle(Exchange& exchange, const Next& next) {
    if (!anyOrigin_ && origins_.empty()) {
        next(exchange);
        return;
    }
    const std::string origin = exchange.request.header("Origin");
    const bool listed = allowed(origin);
    if (listed && exchange.request.method == "OPTIONS" &&
        !exchange.request.header("Access-Control-Request-Method").empty()) {
        auto& response = exchange.response;
        response.set(204, "");
        response.setHeader("Access-Control-Allow-Origin", origin);
        response.setHeader("Access-Control-Allow-Methods", kMethods);
        response.setHeader("Access-Control-Allow-Headers", kRequestHeaders);
        response.setHeader("Access-Control-Max-Age", std::to_string(maxAgeSeconds_));
        response.setHeader("Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
        return;
    }
    try {
        next(exchange);
    } catch (...) {
        // The error envelope is written further out; a listed origin must still be
        // able to read it.
        if (listed) {
            exchange.response.setHeader("Access-Control-Allow-Origin", origin);
            exchange.response.setHeader("Access-Control-Expose-Headers", kExposed);
        }
        addVary(exchange.response, "Origin");
        throw;
    }
    if (listed) {
        exchange.response.setHeader("Access-Control-Allow-Origin", origin);
        exchange.response.setHeader("Access-Control-Expose-Headers", kExposed);
    }
    addVary(exchange.response, "Origin");
}

void CorsFilter::onFastResponse(FastExchange& exchange) {
    if (!anyOrigin_ && origins_.empty()) return;
    const std::string origin = exchange.request.header("Origin");
    if (allowed(origin)) {
        exchange.response.setHeader("Access-Control-Allow-Origin", origin);
        exchange.response.setHeader("Access-Control-Expose-Headers", kExposed);
    }
    addVary(exchange.response, "Origin");
}

} // namespace jollyjet::http

#include "jollyjet/http/FailedAuthLimiter.h"

#include "jollyjet/http/ClientNetworks.h"
#include "jollyjet/http/Json.h"
#include "jollyjet/log/Redact.h"

namespace jollyjet::http {

FailedAuthLimiter::FailedAuthLimiter(std::string realm, Settings settings,
                                     std::shared_ptr<spdlog::logger> log)
    : realm_(std::move(realm)), settings_(settings), log_(std::move(log)) {}

bool FailedAuthLimiter::refuse(Exchange& exchange) {
    const auto now = Clock::now();
    std::int64_t retryAfter = 0;
    {
        std::lock_guard lock(mutex_);
        auto it = clients_.find(clientIp(exchange.request.clientAddress));
        if (it == clients_.end()) return false;
        const auto end = it->second.windowStart + settings_.window;
        if (now >= end) {
            clients_.erase(it);
            return false;
        }
        if (it->second.failures < settings_.maxFailures) return false;
        retryAfter = std::chrono::duration_cast<std::chrono::seconds>(end - now).count() + 1;
    }
    exchange.response.setHeader("Retry-After", std::to_string(retryAfter));
    sendError(exchange.response, 429,
              "Too many failed authentication attempts from this address; retry after " +
                  std::to_string(retryAfter) + " s");
    return true;
}

void FailedAuthLimiter::failed(const Exchange& exchange, const std::string& reason) {
    const auto now = Clock::now();
    const std::string ip = clientIp(exchange.request.clientAddress);
    int failures = 0;
    std::uint64_t suppressed = 0;
    {
        std::lock_guard lock(mutex_);
        auto it = clients_.find(ip);
        if (it == clients_.end()) {
            if (clients_.size() >= settings_.maxClients) prune(now);
            it = clients_.emplace(ip, Client{now, 0}).first;
        } else if (now >= it->second.windowStart + settings_.window) {
            it->second = Client{now, 0};
        }
        failures = ++it->second.failures;
        if (lastLog_ != Clock::time_point{} && now - lastLog_ < std::chrono::seconds(1)) {
            ++suppressed_;
            return;
        }
        lastLog_ = now;
        suppressed = suppressed_;
        suppressed_ = 0;
    }
    // The path only: a query could carry the very token that was wrong.
    log_->warn("{}: failed authentication from {} ({} {}): {}; {} failure(s) in this window, limit {}{}",
               realm_, ip, exchange.request.method, log::escapeControl(exchange.request.path), reason,
               failures, settings_.maxFailures,
               suppressed ? "; " + std::to_string(suppressed) + " similar line(s) left out" : std::string());
}

void FailedAuthLimiter::prune(Clock::time_point now) {
    for (auto it = clients_.begin(); it != clients_.end();)
        it = now >= it->second.windowStart + settings_.window ? clients_.erase(it) : std::next(it);
    // Still full of live entries: forget the oldest half rather than grow without bound.
    while (clients_.size() >= settings_.maxClients) clients_.erase(clients_.begin());
}

} // namespace jollyjet::http

#pragma once

#include <memory>
#include <string>

#include "jollyjet/http/Exchange.h"
#include "jollyjet/http/FailedAuthLimiter.h"

namespace jollyjet::products {

/// The bearer token product writes (POST, PUT, PATCH, DELETE) demand; an empty token
/// lets every write through (development, or `publicWrites` on purpose). Wrong
/// tokens are limited per client address (429) and logged without the token.
class WriteGuard {
public:
    WriteGuard(std::string token, http::FailedAuthLimiter::Settings limits,
               std::shared_ptr<spdlog::logger> log)
        : token_(std::move(token)), limiter_("product writes", limits, std::move(log)) {}
    /// Whether the write may go on; otherwise the 401 or 429 answer is written.
    bool admit(http::Exchange& exchange);

private:
    std::string token_;
    http::FailedAuthLimiter limiter_;
};

} // namespace jollyjet::products

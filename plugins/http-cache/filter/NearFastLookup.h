#pragma once

#include <memory>

#include "jollyjet/http/FastPath.h"

namespace jollyjet::httpcache {

class HttpCacheFilter;

/// Puts the near cache on the front end's fast path: a hit the filter's near cache
/// may serve now is answered on the I/O thread, without a worker or a Redis round
/// trip. Everything else (a miss, a bypass, a lease that ran out) goes on to the
/// filter chain as before. Its answers report layer "http", detail "near".
class NearFastLookup : public http::FastLookup {
public:
    explicit NearFastLookup(std::shared_ptr<const HttpCacheFilter> filter) : filter_(std::move(filter)) {}
    std::string name() const override { return "http-cache near"; }
    bool lookup(const http::Exchange& exchange, http::FastResponse& out) override;

private:
    std::shared_ptr<const HttpCacheFilter> filter_;
};

} // namespace jollyjet::httpcache

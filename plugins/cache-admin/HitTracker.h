#pragma once

#include "TopHits.h"
#include "jollyjet/http/Filter.h"

namespace jollyjet::admin {

/// Records, for the admin page, which request targets the cache answered: after the
/// rest of the chain, a GET answered 200 whose notes say a cache layer hit (or served
/// stale) counts one hit for its URI. Runs just inside metrics and outside
/// http-cache, so it also sees hits that never reach the router.
class HitTracker : public http::Filter {
public:
    explicit HitTracker(TopHits& top) : top_(top) {}
    std::string name() const override { return "cache-admin-hits"; }
    int priority() const override { return http::priority::kMetrics + 50; }
    void handle(http::Exchange& exchange, const http::Next& next) override;

private:
    TopHits& top_;
};

} // namespace jollyjet::admin

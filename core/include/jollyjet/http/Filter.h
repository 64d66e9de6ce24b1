#pragma once

#include "jollyjet/Export.h"

#include <memory>
#include <string>
#include <vector>

#include "jollyjet/http/Exchange.h"
#include "jollyjet/http/FastPath.h"

namespace jollyjet::http {

class FilterChain;
class Router;

/// Hands an exchange to the rest of the chain: the next filter, or the router
/// after the last one. Cheap to copy; valid only during the call that received it.
class JOLLYJET_API Next {
public:
    Next(const FilterChain& chain, std::size_t index) : chain_(&chain), index_(index) {}
    void operator()(Exchange& exchange) const;

private:
    const FilterChain* chain_;
    std::size_t index_;
};

/// A stage every request passes through, around the router.
///
/// A filter runs code before calling `next` (it may answer by itself and not call
/// `next` at all, as a cache hit does) and after it returns, when the buffered
/// response is complete. Filters run in ascending priority: the lowest is outermost,
/// sees the request first and the finished response last.
class JOLLYJET_API Filter {
public:
    virtual ~Filter();
    virtual std::string name() const = 0;
    virtual int priority() const = 0;
    virtual void handle(Exchange& exchange, const Next& next) = 0;
    /// Sees an answer a FastLookup gave on the front end's I/O thread (the chain did
    /// not run): stamp or count it here. Runs on an I/O thread, so it must not block.
    virtual void onFastResponse(FastExchange& exchange);
};

/// Well-known priorities, so the order can be read in one place:
/// CORS (outermost: a preflight is answered before anything else runs) -> access
/// guards -> timing (to measure everything else) -> metrics -> http-cache ->
/// compression (inside the cache, so each coding is stored once) -> router.
namespace priority {
inline constexpr int kCors = 10;
inline constexpr int kAccessGuard = 50;
inline constexpr int kTiming = 100;
inline constexpr int kMetrics = 200;
inline constexpr int kHttpCache = 300;
inline constexpr int kCompression = 350;
} // namespace priority

/// The ordered list of filters followed by the router. Filters are added during
/// plugin init; the order is fixed before the server starts serving.
class JOLLYJET_API FilterChain {
public:
    explicit FilterChain(const Router& router);
    ~FilterChain();

    void add(std::shared_ptr<Filter> filter);
    /// Adds a lookup the front end tries before the chain (see FastLookup).
    void addFastLookup(std::shared_ptr<FastLookup> lookup);
    bool hasFastLookups() const { return !lookups_.empty(); }
    /// Matches the route (once), tries every lookup in the order added; on an
    /// answer, lets every filter see it (innermost first, as a response leaves the
    /// chain) and returns true. The exchange keeps its match for the chain.
    bool tryFast(Exchange& exchange, FastResponse& out) const;
    /// Matches the route (once) and runs the exchange through every filter and then
    /// the router.
    void run(Exchange& exchange) const;
    /// Filter names in run order, for logs and /api/health.
    std::vector<std::string> names() const;

private:
    friend class Next;
    const Router& router_;
    std::vector<std::shared_ptr<Filter>> filters_;
    std::vector<std::shared_ptr<FastLookup>> lookups_;
};

} // namespace jollyjet::http

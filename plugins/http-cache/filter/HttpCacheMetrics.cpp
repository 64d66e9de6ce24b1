#include "filter/HttpCacheMetrics.h"

namespace jollyjet::httpcache {

namespace {

metrics::Counter& request(metrics::Registry& registry, const char* result) {
    return registry.counter("jollyjet_http_cache_requests_total",
                            "Requests to cached routes by how the HTTP cache answered",
                            {{"result", result}});
}

metrics::Counter& check(metrics::Registry& registry, const char* result) {
    return registry.counter("jollyjet_http_cache_consistency_checks_total",
                            "Sampled hits compared with a fresh answer, by outcome",
                            {{"result", result}});
}

} // namespace

HttpCacheMetrics::HttpCacheMetrics(metrics::Registry& registry)
    : hit(request(registry, "hit")), stale(request(registry, "stale")),
      collapsed(request(registry, "collapsed")), miss(request(registry, "miss")),
      refresh(request(registry, "refresh")), bypass(request(registry, "bypass")),
      unavailable(request(registry, "unavailable")), uncacheable(request(registry, "uncacheable")),
      error(request(registry, "error")),
      notModified(registry.counter("jollyjet_http_cache_not_modified_total",
                                   "304 answers to If-None-Match")),
      checkMatch(check(registry, "match")), checkMismatch(check(registry, "mismatch")),
      checkSuperseded(check(registry, "superseded")), checkSkipped(check(registry, "skipped")),
      checkFailed(check(registry, "failed")) {}

} // namespace jollyjet::httpcache

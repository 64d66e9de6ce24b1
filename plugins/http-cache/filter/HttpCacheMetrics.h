#pragma once

#include "jollyjet/metrics/Metrics.h"

namespace jollyjet::httpcache {

/// The plugin's Prometheus series, created once so the hot path only increments.
///   jollyjet_http_cache_requests_total{result}  hit, stale, collapsed, miss, refresh,
///       bypass, unavailable, uncacheable, error
///   jollyjet_http_cache_not_modified_total       304s answered from an ETag
///   jollyjet_http_cache_consistency_checks_total{result}  match, mismatch,
///       superseded (a write came between), skipped (queue full), failed
struct HttpCacheMetrics {
    explicit HttpCacheMetrics(metrics::Registry& registry);

    metrics::Counter &hit, &stale, &collapsed, &miss, &refresh, &bypass, &unavailable,
        &uncacheable, &error, &notModified;
    metrics::Counter &checkMatch, &checkMismatch, &checkSuperseded, &checkSkipped, &checkFailed;
};

} // namespace jollyjet::httpcache

#pragma once

#include "jollyjet/Export.h"

#include <cstddef>

#include "jollyjet/http/Filter.h"

namespace jollyjet::metrics {
class Counter;
class Registry;
} // namespace jollyjet::metrics

namespace jollyjet::http {

/// Compresses text and JSON answers of at least `minBytes` with the coding the
/// client accepts (br, else gzip), and marks every compressible answer
/// `Vary: Accept-Encoding`.
///
/// It sits inside the response caches (priority::kCompression, after http-cache), so a
/// cache stores each coding as its own variant (they key on negotiateCoding) and a hit
/// is never compressed again. An answer that already has a Content-Encoding is left as
/// it is. Each compression is counted in jollyjet_http_compressions_total{coding}.
class JOLLYJET_API CompressionFilter : public Filter {
public:
    struct Settings {
        std::size_t minBytes = 1024;
    };
    CompressionFilter(Settings settings, metrics::Registry& metrics);

    std::string name() const override { return "compression"; }
    int priority() const override { return priority::kCompression; }
    void handle(Exchange& exchange, const Next& next) override;

private:
    Settings settings_;
    metrics::Counter& gzip_;
    metrics::Counter& brotli_;
};

} // namespace jollyjet::http

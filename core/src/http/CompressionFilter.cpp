#include "jollyjet/http/CompressionFilter.h"

#include "jollyjet/http/ContentCoding.h"
#include "jollyjet/metrics/Metrics.h"

namespace jollyjet::http {

namespace {

bool compressible(const std::string& contentType) {
    return contentType.rfind("application/json", 0) == 0 || contentType.rfind("text/", 0) == 0 ||
           contentType.rfind("application/javascript", 0) == 0 ||
           contentType.rfind("image/svg+xml", 0) == 0;
}

void addVary(Response& response) {
    const std::string current = response.headers.get("Vary", "");
    if (current.find("Accept-Encoding") != std::string::npos) return;
    response.setHeader("Vary", current.empty() ? "Accept-Encoding" : current + ", Accept-Encoding");
}

constexpr const char* kCompressions = "jollyjet_http_compressions_total";
constexpr const char* kCompressionsHelp = "Response bodies compressed, by content coding";

} // namespace

CompressionFilter::CompressionFilter(Settings settings, metrics::Registry& metrics)
    : settings_(settings), gzip_(metrics.counter(kCompressions, kCompressionsHelp, {{"coding", "gzip"}})),
      brotli_(metrics.counter(kCompressions, kCompressionsHelp, {{"coding", "br"}})) {}

void CompressionFilter::handle(Exchange& exchange, const Next& next) {
    next(exchange);
    auto& response = exchange.response;
    if (!compressible(response.contentType) || response.headers.has("Content-Encoding") ||
        response.status == 204 || response.status == 304)
        return;
    addVary(response);
    if (response.body.size() < settings_.minBytes) return;
    const ContentCoding coding = negotiateCoding(exchange.request.header("Accept-Encoding"));
    if (coding == ContentCoding::Identity) return;
    response.body = encode(response.body, coding);
    response.setHeader("Content-Encoding", codingName(coding));
    // A strong entity tag names one representation: each coding gets its own.
    const std::string etag = response.headers.get("ETag", "");
    if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"')
        response.setHeader("ETag", etag.substr(0, etag.size() - 1) + "-" + codingName(coding) + "\"");
    // The body's offsets mean nothing once it is compressed: a cache stores this
    // variant as it is (its cacheInfo is the one written when it was filled).
    response.cache.infoAt = std::string::npos;
    response.cache.infoLength = 0;
    (coding == ContentCoding::Gzip ? gzip_ : brotli_).inc();
}

} // namespace jollyjet::http

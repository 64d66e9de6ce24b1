#include "jollyjet/http/ContentCoding.h"

#include <brotli/encode.h>
#include <stdexcept>
#include <strings.h>
#include <zlib.h>

namespace jollyjet::http {

namespace {

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

bool sameName(std::string_view a, const char* b) {
    return a.size() == std::char_traits<char>::length(b) && strncasecmp(a.data(), b, a.size()) == 0;
}

// The q value of one `coding;q=0.5` element (1 when absent, 0 when malformed).
double qualityOf(std::string_view parameters) {
    const auto q = parameters.find("q=");
    if (q == std::string_view::npos) return 1.0;
    try {
        return std::stod(std::string(trim(parameters.substr(q + 2))));
    } catch (const std::exception&) {
        return 0.0;
    }
}

std::string gzip(std::string_view body) {
    z_stream stream{};
    // 15 + 16: a gzip header and trailer around the deflate stream.
    if (deflateInit2(&stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        throw std::runtime_error("gzip: deflateInit2 failed");
    std::string out(deflateBound(&stream, body.size()), '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
    stream.avail_in = static_cast<uInt>(body.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    const int result = deflate(&stream, Z_FINISH);
    deflateEnd(&stream);
    if (result != Z_STREAM_END) throw std::runtime_error("gzip: deflate failed");
    out.resize(stream.total_out);
    return out;
}

std::string brotli(std::string_view body) {
    std::size_t size = BrotliEncoderMaxCompressedSize(body.size());
    std::string out(size, '\0');
    // Quality 5: most of brotli's gain over gzip at a similar cost per byte.
    if (!BrotliEncoderCompress(5, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, body.size(),
                               reinterpret_cast<const uint8_t*>(body.data()), &size,
                               reinterpret_cast<uint8_t*>(out.data())))
        throw std::runtime_error("brotli: compression failed");
    out.resize(size);
    return out;
}

} // namespace

ContentCoding negotiateCoding(std::string_view acceptEncoding) {
    double br = -1, gz = -1, any = -1;
    while (!acceptEncoding.empty()) {
        const auto comma = acceptEncoding.find(',');
        std::string_view element = acceptEncoding.substr(0, comma);
        acceptEncoding = comma == std::string_view::npos ? std::string_view() : acceptEncoding.substr(comma + 1);
        const auto semicolon = element.find(';');
        const std::string_view name = trim(element.substr(0, semicolon));
        const double q = semicolon == std::string_view::npos ? 1.0 : qualityOf(element.substr(semicolon + 1));
        if (sameName(name, "br")) br = q;
        else if (sameName(name, "gzip") || sameName(name, "x-gzip")) gz = q;
        else if (name == "*") any = q;
    }
    if (br < 0) br = any;
    if (gz < 0) gz = any;
    if (br > 0 && br >= gz) return ContentCoding::Brotli;
    if (gz > 0) return ContentCoding::Gzip;
    return ContentCoding::Identity;
}

const char* codingName(ContentCoding coding) {
    switch (coding) {
    case ContentCoding::Gzip: return "gzip";
    case ContentCoding::Brotli: return "br";
    case ContentCoding::Identity: break;
    }
    return "identity";
}

std::string encode(std::string_view body, ContentCoding coding) {
    switch (coding) {
    case ContentCoding::Gzip: return gzip(body);
    case ContentCoding::Brotli: return brotli(body);
    case ContentCoding::Identity: break;
    }
    return std::string(body);
}

} // namespace jollyjet::http

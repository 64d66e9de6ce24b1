#include "RequestParser.h"

#include <strings.h>

namespace jollyjet::host {

namespace {

RequestParser& self(http_parser* parser) { return *static_cast<RequestParser*>(parser->data); }

bool equalsIgnoreCase(const std::string& a, const char* b) { return strcasecmp(a.c_str(), b) == 0; }

// Status and message for http-parser's own errors.
std::pair<int, std::string> describe(http_errno error) {
    switch (error) {
    case HPE_HEADER_OVERFLOW:
        return {431, "Request header fields too large"};
    case HPE_INVALID_CONTENT_LENGTH:
        return {400, "Malformed request: invalid Content-Length"};
    case HPE_UNEXPECTED_CONTENT_LENGTH:
        return {400, "Malformed request: Content-Length repeated or sent with Transfer-Encoding"};
    case HPE_INVALID_CHUNK_SIZE:
        return {400, "Malformed request: invalid chunk size"};
    case HPE_INVALID_TRANSFER_ENCODING:
        return {400, "Malformed request: Transfer-Encoding must end with chunked"};
    case HPE_INVALID_METHOD:
        return {400, "Malformed request: unknown method"};
    case HPE_INVALID_VERSION:
        return {400, "Malformed request: invalid HTTP version"};
    default:
        return {400, std::string("Malformed request: ") + http_errno_description(error)};
    }
}

} // namespace

RequestParser::RequestParser(ParserLimits limits) : limits_(limits) {
    http_parser_init(&parser_, HTTP_REQUEST);
    parser_.data = this;
    http_parser_settings_init(&settings_);
    settings_.on_message_begin = &RequestParser::onMessageBegin;
    settings_.on_url = &RequestParser::onUrl;
    settings_.on_header_field = &RequestParser::onHeaderField;
    settings_.on_header_value = &RequestParser::onHeaderValue;
    settings_.on_headers_complete = &RequestParser::onHeadersComplete;
    settings_.on_body = &RequestParser::onBody;
    settings_.on_message_complete = &RequestParser::onMessageComplete;
}

RequestParser::State RequestParser::feed(const char* data, std::size_t size, std::size_t& consumed) {
    consumed = 0;
    if (errorStatus_ != 0) return State::Error;
    if (size == 0 || upgraded_) return State::NeedMore;
    consumed = http_parser_execute(&parser_, &settings_, data, size);
    const auto error = HTTP_PARSER_ERRNO(&parser_);
    if (complete_) {
        if (error == HPE_PAUSED) http_parser_pause(&parser_, 0);
        if (parser_.upgrade) upgraded_ = true;
        return State::Complete;
    }
    if (error != HPE_OK) {
        if (errorStatus_ == 0) {
            auto [status, message] = describe(error);
            fail(status, std::move(message));
        }
        return State::Error;
    }
    return State::NeedMore;
}

ParsedRequest RequestParser::take() {
    ParsedRequest out = std::move(current_);
    current_ = ParsedRequest();
    started_ = headComplete_ = complete_ = inValue_ = continueWanted_ = false;
    headerBytes_ = 0;
    return out;
}

int RequestParser::fail(int status, std::string message) {
    errorStatus_ = status;
    errorMessage_ = std::move(message);
    return -1;
}

bool RequestParser::addHeaderBytes(std::size_t length) {
    headerBytes_ += length;
    return headerBytes_ <= limits_.maxHeaderBytes;
}

int RequestParser::onMessageBegin(http_parser* parser) {
    auto& p = self(parser);
    p.started_ = true;
    return 0;
}

int RequestParser::onUrl(http_parser* parser, const char* at, std::size_t length) {
    auto& p = self(parser);
    if (p.current_.target.size() + length > p.limits_.maxUriBytes)
        return p.fail(414, "Request URI too long (limit " + std::to_string(p.limits_.maxUriBytes) +
                               " bytes)");
    p.current_.target.append(at, length);
    return 0;
}

int RequestParser::onHeaderField(http_parser* parser, const char* at, std::size_t length) {
    auto& p = self(parser);
    // Trailer fields (after a chunked body) are counted but not kept. A new field
    // also counts its ": " and CRLF, so many tiny fields add up as they do on the wire.
    const bool newField = p.current_.headers.empty() || p.inValue_;
    if (!p.addHeaderBytes(length + (newField ? 4 : 0)))
        return p.fail(431, "Request header fields too large (limit " +
                               std::to_string(p.limits_.maxHeaderBytes) + " bytes)");
    if (p.headComplete_) return 0;
    auto& headers = p.current_.headers;
    if (newField) {
        headers.emplace_back();
        p.inValue_ = false;
    }
    headers.back().first.append(at, length);
    return 0;
}

int RequestParser::onHeaderValue(http_parser* parser, const char* at, std::size_t length) {
    auto& p = self(parser);
    if (!p.addHeaderBytes(length))
        return p.fail(431, "Request header fields too large (limit " +
                               std::to_string(p.limits_.maxHeaderBytes) + " bytes)");
    if (p.headComplete_) return 0;
    p.inValue_ = true;
    if (!p.current_.headers.empty()) p.current_.headers.back().second.append(at, length);
    return 0;
}

int RequestParser::onHeadersComplete(http_parser* parser) {
    auto& p = self(parser);
    p.headComplete_ = true;
    auto& request = p.current_;
    request.method = http_method_str(static_cast<http_method>(parser->method));
    request.versionMajor = parser->http_major;
    request.versionMinor = parser->http_minor;
    request.keepAlive = http_should_keep_alive(parser) != 0 && !parser->upgrade;
    return p.checkHead();
}

int RequestParser::checkHead() {
    const auto& request = current_;
    // http-parser reads a request line without a version as HTTP/0.9.
    if (request.versionMajor == 0) return fail(400, "Malformed request: no HTTP/1.x version");
    if (request.versionMajor != 1 || request.versionMinor > 1)
        return fail(505, "HTTP version not supported (use HTTP/1.1 or HTTP/1.0)");
    int hosts = 0;
    const std::string* expect = nullptr;
    for (const auto& [name, value] : request.headers) {
        if (equalsIgnoreCase(name, "host")) ++hosts;
        if (equalsIgnoreCase(name, "expect")) expect = &value;
    }
    if (hosts > 1) return fail(400, "Malformed request: more than one Host header");
    if (hosts == 0 && request.versionMinor == 1)
        return fail(400, "Malformed request: HTTP/1.1 requires a Host header");
    const bool chunked = (parser_.flags & F_CHUNKED) != 0;
    const bool hasLength = (parser_.flags & F_CONTENTLENGTH) != 0;
    if (hasLength && parser_.content_length > limits_.maxBodyBytes)
        return fail(413, "Request body too large (limit " + std::to_string(limits_.maxBodyBytes) +
                             " bytes)");
    if (expect) {
        if (!equalsIgnoreCase(*expect, "100-continue"))
            return fail(417, "Expectation not supported (only 100-continue)");
        continueWanted_ = request.versionMinor == 1 && (chunked || parser_.content_length > 0);
    }
    return 0;
}

int RequestParser::onBody(http_parser* parser, const char* at, std::size_t length) {
    auto& p = self(parser);
    if (p.current_.body.size() + length > p.limits_.maxBodyBytes)
        return p.fail(413, "Request body too large (limit " +
                               std::to_string(p.limits_.maxBodyBytes) + " bytes)");
    p.current_.body.append(at, length);
    return 0;
}

int RequestParser::onMessageComplete(http_parser* parser) {
    auto& p = self(parser);
    p.complete_ = true;
    p.continueWanted_ = false;
    http_parser_pause(parser, 1);
    return 0;
}

} // namespace jollyjet::host

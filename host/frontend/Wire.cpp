#include "Wire.h"

#include <ctime>
#include <strings.h>

#include "jollyjet/http/Json.h"

namespace jollyjet::host {

namespace {

const char* reason(int status) {
    switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 417: return "Expectation Failed";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 505: return "HTTP Version Not Supported";
    default: return "Unknown";
    }
}

bool isFramingHeader(const std::string& name) {
    return strcasecmp(name.c_str(), "Content-Length") == 0 ||
           strcasecmp(name.c_str(), "Transfer-Encoding") == 0 ||
           strcasecmp(name.c_str(), "Connection") == 0 || strcasecmp(name.c_str(), "Date") == 0 ||
           strcasecmp(name.c_str(), "Server") == 0 || strcasecmp(name.c_str(), "Content-Type") == 0;
}

// A header value must not end the header block early: CR and LF become spaces.
void appendValue(std::string& out, const std::string& value) {
    for (char c : value) out.push_back(c == '\r' || c == '\n' ? ' ' : c);
}

bool hasBody(int status) { return status != 204 && status != 304 && status >= 200; }

template <typename Headers>
void appendHead(std::string& out, int status, const Headers& headers, const std::string& contentType,
                std::size_t bodySize, const Framing& framing) {
    out += "HTTP/1.1 ";
    out += std::to_string(status);
    out += ' ';
    out += reason(status);
    out += "\r\nServer: jollyjetd\r\nDate: ";
    out += httpDate();
    out += "\r\n";
    for (const auto& [name, value] : headers) {
        if (isFramingHeader(name)) continue;
        out += name;
        out += ": ";
        appendValue(out, value);
        out += "\r\n";
    }
    if (hasBody(status)) {
        out += "Content-Type: ";
        appendValue(out, contentType);
        out += "\r\nContent-Length: ";
        out += std::to_string(bodySize);
        out += "\r\n";
    }
    if (!framing.keepAlive)
        out += "Connection: close\r\n";
    else if (framing.http10)
        out += "Connection: keep-alive\r\n";
    out += "\r\n";
}

} // namespace

const std::string& httpDate() {
    thread_local std::time_t second = 0;
    thread_local std::string text;
    const std::time_t now = std::time(nullptr);
    if (now != second) {
        second = now;
        std::tm tm{};
        gmtime_r(&now, &tm);
        char buffer[64];
        const auto n = std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S GMT", &tm);
        text.assign(buffer, n);
    }
    return text;
}

void appendResponse(std::string& out, const http::Response& response, const Framing& framing) {
    appendHead(out, response.status, response.headers, response.contentType, response.body.size(),
               framing);
    if (!framing.head && hasBody(response.status)) out += response.body;
}

void appendResponse(std::string& out, const http::FastResponse& response, const Framing& framing) {
    static const std::string empty;
    const std::string& body = response.body ? *response.body : empty;
    appendHead(out, response.status, response.headers, response.contentType, body.size(), framing);
    if (!framing.head && hasBody(response.status)) out += body;
}

void appendError(std::string& out, int status, const std::string& message) {
    http::Response response;
    http::sendError(response, status, message);
    appendResponse(out, response, Framing{false, false, false});
}

void appendContinue(std::string& out) { out += "HTTP/1.1 100 Continue\r\n\r\n"; }

} // namespace jollyjet::host

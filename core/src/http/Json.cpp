#include "jollyjet/http/Json.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <sstream>

namespace jollyjet::http {

Poco::JSON::Object::Ptr makeObject() { return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER); }

std::string stringify(const Poco::JSON::Object::Ptr& object) {
    std::ostringstream out;
    object->stringify(out);
    return out.str();
}

void appendQuoted(std::string& out, std::string_view text) {
    static const char* hex = "0123456789abcdef";
    out += '"';
    for (unsigned char c : text) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        default:
            if (c < 0x20) {
                out += "\\u00";
                out += hex[c >> 4];
                out += hex[c & 0xF];
            } else {
                out += static_cast<char>(c);
            }
        }
    }
    out += '"';
}

std::string errorBody(const std::string& message, const std::vector<FieldError>& errors) {
    std::string body = R"({"status":"error","message":)";
    appendQuoted(body, message);
    if (!errors.empty()) {
        body += R"(,"errors":[)";
        for (std::size_t i = 0; i < errors.size(); ++i) {
            if (i) body += ',';
            body += R"({"field":)";
            appendQuoted(body, errors[i].field);
            body += R"(,"message":)";
            appendQuoted(body, errors[i].message);
            body += '}';
        }
        body += ']';
    }
    body += '}';
    return body;
}

void sendJson(Response& response, int status, const Poco::JSON::Object::Ptr& body) {
    response.set(status, stringify(body));
    response.contentType = "application/json; charset=utf-8";
}

void sendError(Response& response, int status, const std::string& message,
               const std::vector<FieldError>& errors) {
    response.set(status, errorBody(message, errors));
    response.cache = CacheHints{}; // an error is no cacheable answer of the handler's
    response.contentType = "application/json; charset=utf-8";
}

std::string isoFromMs(std::int64_t epochMs) {
    const std::time_t seconds = static_cast<std::time_t>(epochMs / 1000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                  utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                  static_cast<int>(epochMs % 1000));
    return buffer;
}

std::string isoNow() {
    using namespace std::chrono;
    return isoFromMs(duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count());
}

} // namespace jollyjet::http

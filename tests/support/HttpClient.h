#pragma once

#include <map>
#include <string>

namespace jollyjet::test {

struct HttpResult {
    int status = 0;
    std::map<std::string, std::string> headers; ///< names lower-cased
    std::string body;

    std::string header(const std::string& lowerName) const {
        auto it = headers.find(lowerName);
        return it == headers.end() ? std::string() : it->second;
    }
    bool hasHeader(const std::string& lowerName) const { return headers.count(lowerName) > 0; }
};

/// One HTTP/1.1 request to 127.0.0.1:port on a new connection (5 s timeout).
/// `headers` is "Name: value" lines separated by "\n".
HttpResult httpRequest(int port, const std::string& method, const std::string& target,
                       const std::string& body = "", const std::string& headers = "");

/// Sends raw bytes and returns whatever comes back before the server closes the
/// connection or `timeoutMs` passes; for malformed-request tests.
std::string rawRequest(int port, const std::string& bytes, int timeoutMs = 2000);

} // namespace jollyjet::test

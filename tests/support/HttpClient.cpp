#include "HttpClient.h"

#include <sstream>

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>

namespace jollyjet::test {

HttpResult httpRequest(int port, const std::string& method, const std::string& target,
                       const std::string& body, const std::string& headers) {
    Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
    session.setTimeout(Poco::Timespan(5, 0));
    Poco::Net::HTTPRequest request(method, target, Poco::Net::HTTPMessage::HTTP_1_1);
    std::istringstream lines(headers);
    std::string line;
    while (std::getline(lines, line)) {
        const auto colon = line.find(':');
        if (colon == std::string::npos) continue;
        request.set(Poco::trim(line.substr(0, colon)), Poco::trim(line.substr(colon + 1)));
    }
    if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH")
        request.setContentLength(static_cast<std::streamsize>(body.size()));
    session.sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    HttpResult result;
    result.status = response.getStatus();
    for (const auto& [name, value] : response) result.headers[Poco::toLower(name)] = value;
    if (method != "HEAD") Poco::StreamCopier::copyToString(in, result.body);
    return result;
}

std::string rawRequest(int port, const std::string& bytes, int timeoutMs) {
    Poco::Net::StreamSocket socket;
    socket.connect(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port)));
    socket.setReceiveTimeout(Poco::Timespan(timeoutMs / 1000, (timeoutMs % 1000) * 1000));
    if (!bytes.empty()) socket.sendBytes(bytes.data(), static_cast<int>(bytes.size()));
    std::string out;
    char buffer[4096];
    try {
        for (;;) {
            const int n = socket.receiveBytes(buffer, sizeof buffer);
            if (n <= 0) break;
            out.append(buffer, static_cast<std::size_t>(n));
        }
    } catch (const Poco::Exception&) {
        // timeout or reset: return what arrived
    }
    return out;
}

} // namespace jollyjet::test

#include "RequestBuilder.h"

#include <Poco/Exception.h>
#include <Poco/URI.h>

namespace jollyjet::host {

void buildRequest(ParsedRequest&& parsed, const std::string& client, http::Request& out) {
    out.method = std::move(parsed.method);
    out.uri = std::move(parsed.target);
    const auto question = out.uri.find('?');
    const std::string rawPath = out.uri.substr(0, question);
    out.rawQuery = question == std::string::npos ? std::string() : out.uri.substr(question + 1);
    try {
        Poco::URI::decode(rawPath, out.path);
    } catch (const Poco::Exception&) {
        out.path = rawPath; // a malformed escape is kept as sent and matches no route
    }
    out.query = http::Params::parseQuery(out.rawQuery);
    for (auto& [name, value] : parsed.headers) out.headers.add(name, value);
    out.body = std::move(parsed.body);
    out.clientAddress = client;
}

} // namespace jollyjet::host

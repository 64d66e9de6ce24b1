#include "jollyjet/http/BearerToken.h"

#include <Poco/String.h>

namespace jollyjet::http {

bool tokenEquals(const std::string& candidate, const std::string& token) {
    unsigned char difference = candidate.size() == token.size() ? 0 : 1;
    for (std::size_t i = 0; i < token.size(); ++i) {
        const char c = i < candidate.size() ? candidate[i] : '\0';
        difference |= static_cast<unsigned char>(c ^ token[i]);
    }
    return difference == 0;
}

std::string bearerToken(const Request& request) {
    const std::string& authorization = request.header("Authorization");
    const std::string scheme = "bearer ";
    if (authorization.size() <= scheme.size() ||
        Poco::icompare(authorization.substr(0, scheme.size()), scheme) != 0)
        return {};
    return Poco::trim(authorization.substr(scheme.size()));
}

bool hasBearer(const Request& request, const std::string& token) {
    return !token.empty() && tokenEquals(bearerToken(request), token);
}

} // namespace jollyjet::http

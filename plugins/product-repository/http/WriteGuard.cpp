#include "WriteGuard.h"

#include "jollyjet/http/BearerToken.h"
#include "jollyjet/http/Json.h"

namespace jollyjet::products {

bool WriteGuard::admit(http::Exchange& ex) {
    if (token_.empty()) return true;
    if (limiter_.refuse(ex)) return false;
    if (http::hasBearer(ex.request, token_)) return true;
    const bool sent = !ex.request.header("Authorization").empty();
    limiter_.failed(ex, sent ? "wrong write token" : "no write token");
    ex.response.setHeader("WWW-Authenticate", R"(Bearer realm="jollyjet-products")");
    http::sendError(ex.response, 401,
                    sent ? "Invalid write token"
                         : "Authorization required: product writes need Authorization: Bearer <write token>");
    return false;
}

} // namespace jollyjet::products

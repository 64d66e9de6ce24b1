// libFuzzer target: everything the product API parses from a client (request
// bodies of POST/PUT/PATCH, list/count/wishlist query strings). Rejections must be
// HttpError (a 4xx); anything else escaping, or a crash, is a bug.
#include <cstddef>
#include <cstdint>
#include <string>

#include "jollyjet/http/HttpError.h"
#include "model/ProductBody.h"
#include "model/ProductJson.h"
#include "model/ProductQuery.h"
#include "store/SearchWords.h"

using namespace jollyjet;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::string input(reinterpret_cast<const char*>(data) + 1, size - 1);
    http::Request request;
    request.headers.set("Content-Type", "application/json");
    request.body = input;
    try {
        switch (data[0] % 6) {
        case 0: products::parseCreateBody(request); break;
        case 1: products::parseUpdateBody(request); break;
        case 2: products::parseWishlistBody(request); break;
        case 3: products::canonicalList(products::parseListQuery(http::Params::parseQuery(input))); break;
        case 4: products::parseWishlistQuery(http::Params::parseQuery(input)); break;
        default:
            products::searchWords(input);
            products::productFromJson(input);
            break;
        }
    } catch (const http::HttpError& e) {
        if (e.status() < 400 || e.status() >= 500) __builtin_trap();
    }
    return 0;
}

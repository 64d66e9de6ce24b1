#include "ProductBody.h"

#include <cmath>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/String.h>

#include "jollyjet/http/HttpError.h"

namespace jollyjet::products {

namespace {

using Poco::Dynamic::Var;
using Object = Poco::JSON::Object;

std::string typeOf(const Var& v) {
    if (v.isEmpty()) return "null";
    if (v.type() == typeid(Poco::JSON::Array::Ptr)) return "array";
    if (v.type() == typeid(Object::Ptr)) return "object";
    if (v.isBoolean()) return "boolean";
    if (v.isNumeric()) return "number";
    if (v.isString()) return "string";
    return "unknown";
}

std::string expected(const std::string& want, const std::string& got) {
    return "Invalid input: expected " + want + ", received " + got;
}

/// Collects the violations of one body, then throws them together.
class Checker {
public:
    explicit Checker(Object::Ptr body) : body_(std::move(body)) {}

    bool present(const std::string& key) const { return body_->has(key); }

    std::optional<std::string> string(const std::string& key, bool required) {
        if (!present(key)) {
            if (required) fail(key, expected("string", "undefined"));
            return std::nullopt;
        }
        const Var v = body_->get(key);
        if (!v.isString()) {
            fail(key, expected("string", typeOf(v)));
            return std::nullopt;
        }
        return v.extract<std::string>();
    }

    std::optional<double> number(const std::string& key, bool required) {
        if (!present(key)) {
            if (required) fail(key, expected("number", "undefined"));
            return std::nullopt;
        }
        const Var v = body_->get(key);
        if (!v.isNumeric() || v.isBoolean()) {
            fail(key, expected("number", typeOf(v)));
            return std::nullopt;
        }
        const double d = v.convert<double>();
        if (!std::isfinite(d)) {
            fail(key, expected("number", "Infinity"));
            return std::nullopt;
        }
        return d;
    }

    std::optional<bool> boolean(const std::string& key, bool required) {
        if (!present(key)) {
            if (required) fail(key, expected("boolean", "undefined"));
            return std::nullopt;
        }
        const Var v = body_->get(key);
        if (!v.isBoolean()) {
            fail(key, expected("boolean", typeOf(v)));
            return std::nullopt;
        }
        return v.extract<bool>();
    }

    std::optional<std::vector<std::string>> urls(const std::string& key) {
        if (!present(key)) return std::nullopt;
        const Var v = body_->get(key);
        if (v.type() != typeid(Poco::JSON::Array::Ptr)) {
            fail(key, expected("array", typeOf(v)));
            return std::nullopt;
        }
        auto array = v.extract<Poco::JSON::Array::Ptr>();
        std::vector<std::string> out;
        bool ok = true;
        for (unsigned i = 0; i < array->size(); ++i) {
            const Var item = array->get(i);
            const std::string field = key + "." + std::to_string(i);
            if (!item.isString()) {
                fail(field, expected("string", typeOf(item)));
                ok = false;
            } else if (!isAbsoluteUrl(item.extract<std::string>())) {
                fail(field, "Invalid URL");
                ok = false;
            } else {
                out.push_back(item.extract<std::string>());
            }
        }
        if (!ok) return std::nullopt;
        return out;
    }

    void fail(const std::string& key, const std::string& message) {
        errors_.push_back({"body." + key, message});
    }

    void throwIfAny() const {
        if (!errors_.empty()) throw http::HttpError(422, "Validation error", errors_);
    }

private:
    Object::Ptr body_;
    std::vector<http::FieldError> errors_;
};

bool isJsonContentType(const std::string& contentType) {
    const std::string type = Poco::toLower(Poco::trim(contentType.substr(0, contentType.find(';'))));
    return type == "application/json" || (type.size() > 5 && type.compare(type.size() - 5, 5, "+json") == 0);
}

// The body as an object: 400 for malformed JSON, 422 (field "body") for JSON that is
// not an object.
Object::Ptr bodyObject(const http::Request& request) {
    const std::string& type = request.header("Content-Type");
    // A body of another type is not read as something it is not: 415 says what to
    // send. No Content-Type and no body is a missing body (422 below).
    if ((!type.empty() || !Poco::trim(request.body).empty()) && !isJsonContentType(type))
        throw http::HttpError(415, "Unsupported Media Type: send the body as JSON with "
                                   "Content-Type: application/json (got " +
                                       (type.empty() ? std::string("no Content-Type")
                                                     : "'" + type.substr(0, 100) + "'") +
                                       ")");
    if (Poco::trim(request.body).empty())
        throw http::HttpError(422, "Validation error", {{"body", expected("object", "undefined")}});
    Var parsed;
    try {
        Poco::JSON::Parser parser;
        parsed = parser.parse(request.body);
    } catch (const Poco::Exception& e) {
        throw http::HttpError(400, "Malformed JSON in request body");
    } catch (const std::exception&) {
        throw http::HttpError(400, "Malformed JSON in request body");
    }
    if (parsed.type() != typeid(Object::Ptr))
        throw http::HttpError(422, "Validation error", {{"body", expected("object", typeOf(parsed))}});
    return parsed.extract<Object::Ptr>();
}

void checkName(Checker& c, const std::optional<std::string>& name, bool withMax) {
    if (!name) return;
    if (jsLength(*name) < 3) c.fail("name", "Name must be at least 3 characters long");
    else if (withMax && jsLength(*name) > 30) c.fail("name", "Name must be at most 30 characters long");
}

void checkCommon(Checker& c, const std::optional<std::string>& description,
                 const std::optional<double>& price, const std::optional<double>& stock,
                 const std::optional<std::string>& category) {
    if (description && jsLength(*description) < 10)
        c.fail("description", "Description must be at least 10 characters long");
    if (price && *price < 0) c.fail("price", "Price must be a non-negative number");
    if (stock) {
        if (*stock != std::floor(*stock)) c.fail("stock", expected("int", "number"));
        else if (*stock < 0) c.fail("stock", "Stock must be a non-negative number");
        else if (*stock > 9007199254740991.0) c.fail("stock", "Too big: expected int to be <=9007199254740991");
    }
    if (category && category->empty()) c.fail("category", "Category is required");
}

} // namespace

std::size_t jsLength(const std::string& utf8) {
    std::size_t units = 0;
    for (std::size_t i = 0; i < utf8.size();) {
        const auto c = static_cast<unsigned char>(utf8[i]);
        std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
        units += len == 4 ? 2 : 1;
        i += len;
    }
    return units;
}

bool isAbsoluteUrl(const std::string& text) {
    const auto colon = text.find(':');
    if (colon == std::string::npos || colon == 0) return false;
    for (std::size_t i = 0; i < colon; ++i) {
        const char c = text[i];
        const bool ok = std::isalpha(static_cast<unsigned char>(c)) ||
                        (i > 0 && (std::isdigit(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.'));
        if (!ok) return false;
    }
    const std::string scheme = Poco::toLower(text.substr(0, colon));
    const std::string rest = text.substr(colon + 1);
    if (rest.empty()) return false;
    for (unsigned char c : text)
        if (c <= 0x20) return false;
    if (scheme == "http" || scheme == "https") {
        if (rest.rfind("//", 0) != 0) return false;
        const std::string host = rest.substr(2, rest.find_first_of("/?#", 2) - 2);
        return !host.empty() && host != ":" ;
    }
    return true;
}

ImportedFields parseImportedObject(const Poco::JSON::Object::Ptr& object) {
    Checker c(object);
    auto name = c.string("name", true);
    auto description = c.string("description", true);
    auto price = c.number("price", true);
    auto stock = c.number("stock", true);
    auto category = c.string("category", true);
    auto images = c.urls("images");
    auto isActive = c.boolean("isActive", false);
    auto isWishlistStatus = c.boolean("isWishlistStatus", false);
    auto wishlistCount = c.number("wishlistCount", false);
    checkName(c, name, false);
    checkCommon(c, description, price, stock, category);
    if (wishlistCount && (*wishlistCount < 0 || *wishlistCount != std::floor(*wishlistCount) ||
                          *wishlistCount > 9007199254740991.0))
        c.fail("wishlistCount", "wishlistCount must be a non-negative integer");
    c.throwIfAny();

    ImportedFields out;
    out.product.name = *name;
    out.product.description = *description;
    out.product.price = *price;
    out.product.stock = static_cast<std::int64_t>(*stock);
    out.product.category = *category;
    out.product.images = images.value_or(std::vector<std::string>{});
    out.product.isActive = isActive.value_or(true);
    out.isWishlistStatus = isWishlistStatus.value_or(false);
    if (wishlistCount) out.wishlistCount = static_cast<std::int64_t>(*wishlistCount);
    return out;
}

NewProduct parseCreateBody(const http::Request& request) {
    Checker c(bodyObject(request));
    auto name = c.string("name", true);
    auto description = c.string("description", true);
    auto price = c.number("price", true);
    auto stock = c.number("stock", true);
    auto category = c.string("category", true);
    auto images = c.urls("images");
    auto isActive = c.boolean("isActive", false);
    c.boolean("isWishlistStatus", false); // validated, then ignored on create (docs/openapi.yaml, ProductCreate)
    checkName(c, name, true);
    checkCommon(c, description, price, stock, category);
    c.throwIfAny();

    NewProduct p;
    p.name = *name;
    p.description = *description;
    p.price = *price;
    p.stock = static_cast<std::int64_t>(*stock);
    p.category = *category;
    p.images = images.value_or(std::vector<std::string>{});
    p.isActive = isActive.value_or(true);
    return p;
}

ProductPatch parseUpdateBody(const http::Request& request) {
    Checker c(bodyObject(request));
    ProductPatch patch;
    patch.name = c.string("name", false);
    patch.description = c.string("description", false);
    patch.price = c.number("price", false);
    auto stock = c.number("stock", false);
    patch.category = c.string("category", false);
    patch.images = c.urls("images");
    patch.isActive = c.boolean("isActive", false);
    patch.isWishlistStatus = c.boolean("isWishlistStatus", false);
    checkName(c, patch.name, false);
    checkCommon(c, patch.description, patch.price, stock, patch.category);
    c.throwIfAny();
    if (stock) patch.stock = static_cast<std::int64_t>(*stock);
    return patch;
}

bool parseWishlistBody(const http::Request& request) {
    Checker c(bodyObject(request));
    auto value = c.boolean("isWishlistStatus", true);
    c.throwIfAny();
    return *value;
}

} // namespace jollyjet::products

#include "ProductJson.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <ctime>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "jollyjet/http/Json.h"

namespace jollyjet::products {

std::string formatNumber(double value) {
    if (!std::isfinite(value)) return "null";
    char buffer[64];
    if (value == std::floor(value) && std::fabs(value) < 9007199254740992.0) {
        auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, static_cast<std::int64_t>(value));
        return std::string(buffer, end);
    }
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    return std::string(buffer, end);
}

std::optional<std::int64_t> msFromIso(std::string_view iso) {
    // Exactly the form http::isoFromMs writes.
    if (iso.size() != 24 || iso[4] != '-' || iso[7] != '-' || iso[10] != 'T' || iso[13] != ':' ||
        iso[16] != ':' || iso[19] != '.' || iso[23] != 'Z')
        return std::nullopt;
    auto number = [&](std::size_t at, std::size_t len) -> int {
        int v = 0;
        for (std::size_t i = at; i < at + len; ++i) {
            if (iso[i] < '0' || iso[i] > '9') return -1;
            v = v * 10 + (iso[i] - '0');
        }
        return v;
    };
    std::tm t{};
    t.tm_year = number(0, 4) - 1900;
    t.tm_mon = number(5, 2) - 1;
    t.tm_mday = number(8, 2);
    t.tm_hour = number(11, 2);
    t.tm_min = number(14, 2);
    t.tm_sec = number(17, 2);
    const int ms = number(20, 3);
    if (t.tm_year < 0 || t.tm_mon < 0 || t.tm_mday < 0 || t.tm_hour < 0 || t.tm_min < 0 || t.tm_sec < 0 || ms < 0)
        return std::nullopt;
    return static_cast<std::int64_t>(timegm(&t)) * 1000 + ms;
}

void appendProductJson(std::string& out, const Product& p, bool effectiveStock) {
    out += R"({"id":)";
    http::appendQuoted(out, p.id);
    out += R"(,"name":)";
    http::appendQuoted(out, p.name);
    out += R"(,"description":)";
    http::appendQuoted(out, p.description);
    out += R"(,"price":)";
    out += formatNumber(p.price);
    out += R"(,"stock":)";
    out += std::to_string(effectiveStock && !p.isActive ? 0 : p.stock);
    out += R"(,"category":)";
    http::appendQuoted(out, p.category);
    out += R"(,"images":[)";
    for (std::size_t i = 0; i < p.images.size(); ++i) {
        if (i) out += ',';
        http::appendQuoted(out, p.images[i]);
    }
    out += R"(],"isActive":)";
    out += p.isActive ? "true" : "false";
    out += R"(,"isWishlistStatus":)";
    out += p.isWishlistStatus ? "true" : "false";
    out += R"(,"wishlistCount":)";
    out += std::to_string(p.wishlistCount);
    out += R"(,"createdAt":")";
    out += http::isoFromMs(p.createdAt);
    out += R"(","updatedAt":")";
    out += http::isoFromMs(p.updatedAt);
    out += R"("})";
}

std::string productJson(const Product& product, bool effectiveStock) {
    std::string out;
    out.reserve(256);
    appendProductJson(out, product, effectiveStock);
    return out;
}

std::optional<Product> productFromJson(std::string_view json) {
    try {
        auto parsed = Poco::JSON::Parser().parse(std::string(json));
        if (parsed.type() != typeid(Poco::JSON::Object::Ptr)) return std::nullopt;
        return productFromObject(parsed.extract<Poco::JSON::Object::Ptr>());
    } catch (const Poco::Exception&) {
        return std::nullopt;
    }
}

std::optional<Product> productFromObject(const Poco::JSON::Object::Ptr& object) {
    try {
        if (!object) return std::nullopt;
        Product p;
        p.id = object->getValue<std::string>("id");
        p.name = object->getValue<std::string>("name");
        p.description = object->getValue<std::string>("description");
        p.price = object->getValue<double>("price");
        p.stock = object->getValue<Poco::Int64>("stock");
        p.category = object->getValue<std::string>("category");
        auto images = object->getArray("images");
        if (!images) return std::nullopt;
        for (unsigned i = 0; i < images->size(); ++i) p.images.push_back(images->getElement<std::string>(i));
        p.isActive = object->getValue<bool>("isActive");
        p.isWishlistStatus = object->getValue<bool>("isWishlistStatus");
        p.wishlistCount = object->getValue<Poco::Int64>("wishlistCount");
        auto created = msFromIso(object->getValue<std::string>("createdAt"));
        auto updated = msFromIso(object->getValue<std::string>("updatedAt"));
        if (!created || !updated) return std::nullopt;
        p.createdAt = *created;
        p.updatedAt = *updated;
        return p;
    } catch (const Poco::Exception&) {
        return std::nullopt;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

} // namespace jollyjet::products

#include "ImportLine.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include "model/ProductBody.h"
#include "model/ProductJson.h"
#include "jollyjet/http/HttpError.h"
#include "jollyjet/mongo/ObjectId.h"
#include "store/SqliteOrderKey.h"

namespace jollyjet::products {

BadLine::~BadLine() = default;

namespace {

using Poco::Dynamic::Var;
using Object = Poco::JSON::Object;

Object::Ptr objectOf(const Var& v) {
    if (v.type() == typeid(Object::Ptr)) return v.extract<Object::Ptr>();
    return nullptr;
}

// A MongoDB Extended JSON number wrapper as the plain JSON number it stands for.
Var plainNumber(const Var& v) {
    auto wrapper = objectOf(v);
    if (!wrapper || wrapper->size() != 1) return v;
    for (const char* kind : {"$numberInt", "$numberLong", "$numberDouble", "$numberDecimal"}) {
        if (!wrapper->has(kind)) continue;
        const Var inner = wrapper->get(kind);
        if (!inner.isString()) throw BadLine(std::string(kind) + " must hold a string");
        try {
            const std::string text = inner.extract<std::string>();
            std::size_t used = 0;
            const double d = std::stod(text, &used);
            if (used != text.size()) throw BadLine(std::string(kind) + " is not a number: " + text);
            return Var(d);
        } catch (const std::logic_error&) {
            throw BadLine(std::string(kind) + " is not a number");
        }
    }
    return v;
}

std::string idOf(const Object& o) {
    Var raw;
    if (o.has("_id")) {
        raw = o.get("_id");
        if (auto oid = objectOf(raw)) {
            if (!oid->has("$oid")) throw BadLine("_id: expected {\"$oid\": ...} or a string");
            raw = oid->get("$oid");
        }
    } else if (o.has("id")) {
        raw = o.get("id");
    } else {
        return mongo::ObjectId::generate().toHex();
    }
    if (!raw.isString() || !mongo::ObjectId::isValid(raw.extract<std::string>()))
        throw BadLine("id: expected 24 hexadecimal characters");
    std::string id = raw.extract<std::string>();
    for (auto& c : id)
        if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
    return id;
}

std::optional<std::int64_t> timeOf(const Object& o, const std::string& name) {
    if (!o.has(name) || o.get(name).isEmpty()) return std::nullopt;
    Var v = o.get(name);
    if (auto date = objectOf(v)) {
        if (!date->has("$date")) throw BadLine(name + ": expected an ISO-8601 string or {\"$date\": ...}");
        v = plainNumber(date->get("$date"));
    }
    std::optional<std::int64_t> ms;
    if (v.isString()) ms = msFromIso(v.extract<std::string>());
    else if (v.isNumeric() && !v.isBoolean()) ms = static_cast<std::int64_t>(v.convert<double>());
    if (!ms) throw BadLine(name + ": expected an ISO-8601 UTC time such as 2026-01-31T12:00:00.000Z");
    if (*ms < 0 || *ms > kLatestCreatedAt) throw BadLine(name + ": outside 1970..2109");
    return ms;
}

std::string describe(const http::HttpError& e) {
    std::string text = e.what();
    for (const auto& f : e.errors()) text += "; " + f.field.substr(f.field.find('.') + 1) + ": " + f.message;
    return text;
}

} // namespace

ImportedProduct parseImportLine(const std::string& line, std::int64_t nowMs) {
    Var parsed;
    try {
        parsed = Poco::JSON::Parser().parse(line);
    } catch (const Poco::Exception& e) {
        throw BadLine("not valid JSON: " + e.message());
    }
    auto object = objectOf(parsed);
    if (!object) throw BadLine("expected a JSON object");
    // The numbers of the fields the API checks, unwrapped so the API's rules apply.
    for (const char* key : {"price", "stock", "wishlistCount"})
        if (object->has(key)) object->set(key, plainNumber(object->get(key)));

    ImportedProduct out;
    out.idGiven = object->has("_id") || object->has("id");
    Product& p = out.product;
    p.id = idOf(*object);
    try {
        auto fields = parseImportedObject(object);
        p.name = std::move(fields.product.name);
        p.description = std::move(fields.product.description);
        p.price = fields.product.price;
        p.stock = fields.product.stock;
        p.category = std::move(fields.product.category);
        p.images = std::move(fields.product.images);
        p.isActive = fields.product.isActive;
        p.isWishlistStatus = fields.isWishlistStatus;
        p.wishlistCount = fields.wishlistCount.value_or(fields.isWishlistStatus ? 1 : 0);
    } catch (const http::HttpError& e) {
        throw BadLine(describe(e));
    }
    p.createdAt = timeOf(*object, "createdAt").value_or(nowMs);
    p.updatedAt = timeOf(*object, "updatedAt").value_or(p.createdAt);
    return out;
}

} // namespace jollyjet::products

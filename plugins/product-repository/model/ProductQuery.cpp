#include "ProductQuery.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/URI.h>

#include "../store/SearchWords.h"
#include "ProductJson.h"
#include "jollyjet/http/HttpError.h"

namespace jollyjet::products {

namespace {

const char* kPageMessage = "Page must be a positive integer";
const char* kLimitMessage = "Limit must be a positive integer between 1 and 100";
const char* kPriceMessage =
    "Price range must be valid JSON with min and max as non-negative numbers, min <= max";

std::optional<std::string> single(const http::Params& query, const std::string& name,
                                  const std::string& repeatedMessage) {
    const auto n = query.count(name);
    if (n == 0) return std::nullopt;
    if (n > 1) throw http::HttpError(400, repeatedMessage);
    return query.get(name);
}

std::string encode(const std::string& text) {
    std::string out;
    Poco::URI::encode(text, "!#$&'()*+,/:;=?@[]%|~ ", out);
    return out;
}

std::optional<std::pair<double, double>> parsePriceRange(const std::string& text) {
    try {
        auto parsed = Poco::JSON::Parser().parse(text);
        if (parsed.type() != typeid(Poco::JSON::Object::Ptr)) return std::nullopt;
        auto object = parsed.extract<Poco::JSON::Object::Ptr>();
        if (!object->has("min") || !object->has("max")) return std::nullopt;
        auto min = object->get("min");
        auto max = object->get("max");
        if (!min.isNumeric() || !max.isNumeric() || min.isBoolean() || max.isBoolean()) return std::nullopt;
        const double lo = min.convert<double>();
        const double hi = max.convert<double>();
        if (!std::isfinite(lo) || !std::isfinite(hi) || lo < 0 || hi < 0 || lo > hi) return std::nullopt;
        return std::make_pair(lo, hi);
    } catch (const Poco::Exception&) {
        return std::nullopt;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

// Exactly "true" or "false": anything else is a client mistake worth naming, not a
// silent false.
bool strictBool(const std::string& name, const std::string& value) {
    if (value == "true") return true;
    if (value == "false") return false;
    throw http::HttpError(400, name + " must be true or false");
}

} // namespace

std::optional<std::int64_t> strictParseInt(const std::string& text, std::int64_t max) {
    std::size_t i = 0;
    const bool negative = !text.empty() && text[0] == '-';
    if (negative) i = 1;
    if (i == text.size() || text.size() - i > 18) return std::nullopt;
    std::int64_t value = 0;
    for (; i < text.size(); ++i) {
        if (text[i] < '0' || text[i] > '9') return std::nullopt;
        value = value * 10 + (text[i] - '0');
    }
    value = negative ? -value : value;
    if (value > max) return std::nullopt;
    return value;
}

std::optional<std::int64_t> lenientParseInt(const std::string& text) {
    std::size_t i = 0;
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    bool negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
    const std::size_t digits = i;
    std::int64_t value = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
        // Saturate instead of overflowing: any such number fails the range rules anyway.
        if (value < 1000000000000000LL) value = value * 10 + (text[i] - '0');
        ++i;
    }
    if (i == digits) return std::nullopt;
    return negative ? -value : value;
}

ListQuery parseListQuery(const http::Params& query) {
    ListQuery q;
    if (auto page = single(query, "page", kPageMessage)) {
        auto n = strictParseInt(*page, kMaxPage);
        if (!n || *n <= 0) throw http::HttpError(400, kPageMessage);
        q.page = *n;
    }
    if (auto limit = single(query, "limit", kLimitMessage); limit && !limit->empty()) {
        auto n = strictParseInt(*limit, kMaxLimit);
        if (!n || *n < 1 || *n > 100) throw http::HttpError(400, kLimitMessage);
        q.limit = *n;
    }
    if (auto category = single(query, "category", "Category must be given once"); category && !category->empty())
        q.filter.category = *category;
    if (auto search = single(query, "search", "Search must be given once"); search && !search->empty()) {
        q.filter.searchWords = searchWords(*search);
        // Search text with no word in it matches nothing, as a text search would.
        if (q.filter.searchWords.empty()) q.filter.searchWords.push_back(std::string());
    }
    if (auto active = single(query, "isActive", "isActive must be given once"))
        q.filter.isActive = strictBool("isActive", *active);
    if (auto wish = single(query, "isWishlistStatus", "isWishlistStatus must be given once"))
        q.filter.isWishlistStatus = strictBool("isWishlistStatus", *wish);
    if (auto range = single(query, "priceRange", kPriceMessage)) {
        auto parsed = parsePriceRange(*range);
        if (!parsed) throw http::HttpError(400, kPriceMessage);
        q.filter.priceRange = parsed;
    }
    return q;
}

ListQuery parseWishlistQuery(const http::Params& query) {
    ListQuery q;
    if (auto page = single(query, "page", kPageMessage); page && !page->empty()) {
        auto n = strictParseInt(*page, kMaxPage);
        if (!n) throw http::HttpError(400, kPageMessage);
        q.page = std::max<std::int64_t>(1, *n);
    }
    if (auto limit = single(query, "limit", kLimitMessage); limit && !limit->empty()) {
        auto n = strictParseInt(*limit, std::numeric_limits<std::int64_t>::max());
        if (!n) throw http::HttpError(400, kLimitMessage);
        q.limit = std::min<std::int64_t>(kMaxLimit, std::max<std::int64_t>(1, *n));
    }
    q.filter.isWishlistStatus = true;
    return q;
}

void checkResultWindow(const ListQuery& q, std::int64_t maxResultWindow) {
    // page and limit are already bounded (limit <= 100, page saturated), so the
    // product cannot overflow.
    if (q.page * q.limit <= maxResultWindow) return;
    const std::string window = std::to_string(maxResultWindow);
    throw http::HttpError(400, "Result window is too large: page * limit must be at most " + window +
                                   " (store.maxResultWindow). Narrow the query with category, search, isActive, "
                                   "isWishlistStatus or priceRange instead of paging this deep.");
}

std::string canonicalFilter(const ProductFilter& f) {
    std::string key;
    if (f.category) key += "c=" + encode(*f.category) + "|";
    if (!f.searchWords.empty()) {
        // Words are OR-ed, so their order does not matter to the answer.
        auto words = f.searchWords;
        std::sort(words.begin(), words.end());
        key += "s=";
        for (const auto& w : words) key += encode(w) + ",";
        key += "|";
    }
    if (f.isActive) key += std::string("a=") + (*f.isActive ? "1" : "0") + "|";
    if (f.isWishlistStatus) key += std::string("w=") + (*f.isWishlistStatus ? "1" : "0") + "|";
    if (f.priceRange)
        key += "p=" + formatNumber(f.priceRange->first) + "-" + formatNumber(f.priceRange->second) + "|";
    return key.empty() ? "all" : key;
}

std::string canonicalList(const ListQuery& q) {
    return canonicalFilter(q.filter) + ":" + std::to_string(q.page) + ":" + std::to_string(q.limit);
}

} // namespace jollyjet::products

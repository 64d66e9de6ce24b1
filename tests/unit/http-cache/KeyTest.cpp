// Cache key normalization: equivalent requests share one key, different ones never do.
#include <gtest/gtest.h>

#include "rules/CacheKey.h"

using namespace jollyjet;
using namespace jollyjet::httpcache;

namespace {
std::string key(const std::string& method, const std::string& path, const std::string& query = "") {
    return normalizedRequest(method, path, http::Params::parseQuery(query));
}
} // namespace

TEST(HttpCacheKey, ParametersAreSortedByName) {
    EXPECT_EQ(key("GET", "/api/products", "page=1&limit=10"), "GET:/api/products?limit=10&page=1");
    EXPECT_EQ(key("GET", "/api/products", "page=1&limit=10"), key("GET", "/api/products", "limit=10&page=1"));
}

TEST(HttpCacheKey, EncodingsOfOneValueGiveOneKey) {
    EXPECT_EQ(key("GET", "/api/products", "page=%31&category=Home+Garden"),
              key("GET", "/api/products", "category=Home%20Garden&page=1"));
    EXPECT_EQ(key("GET", "/api/products", "category=Home+Garden"), "GET:/api/products?category=Home%20Garden");
}

TEST(HttpCacheKey, SeparatorsInsideValuesCannotForgeAnotherKey) {
    // "a=1&b=2" as one value must not read like two parameters.
    EXPECT_NE(key("GET", "/p", "a=1%26b%3D2"), key("GET", "/p", "a=1&b=2"));
    EXPECT_EQ(key("GET", "/p", "a=1%26b%3D2"), "GET:/p?a=1%26b%3D2");
    // a space and an underscore stay apart (the cache service turns spaces into '_').
    EXPECT_NE(key("GET", "/p", "q=a%20b"), key("GET", "/p", "q=a_b"));
    EXPECT_NE(key("GET", "/a b", ""), key("GET", "/a_b", ""));
}

TEST(HttpCacheKey, RepeatedNamesKeepTheirOrder) {
    EXPECT_EQ(key("GET", "/p", "b=2&a=y&a=x"), "GET:/p?a=y&a=x&b=2");
    EXPECT_NE(key("GET", "/p", "a=y&a=x"), key("GET", "/p", "a=x&a=y"));
}

TEST(HttpCacheKey, HeadSharesGetsEntryAndOtherMethodsDoNot) {
    EXPECT_EQ(key("HEAD", "/api/products/count"), key("GET", "/api/products/count"));
    EXPECT_NE(key("POST", "/api/products"), key("GET", "/api/products"));
}

TEST(HttpCacheKey, PathsAndEmptyQueriesAreKeptApart) {
    EXPECT_EQ(key("GET", "/api/products"), "GET:/api/products");
    EXPECT_NE(key("GET", "/api/products"), key("GET", "/api/products/"));
    EXPECT_EQ(key("GET", "/api/products", "search="), "GET:/api/products?search=");
    EXPECT_EQ(key("GET", "/api/products", "priceRange={\"min\":1,\"max\":5}"),
              "GET:/api/products?priceRange=%7B%22min%22:1%2C%22max%22:5%7D");
}

TEST(HttpCacheKey, KeyIsTheNormalizedRequest) {
    EXPECT_EQ(cacheKey("GET:/api/products"), "http:GET:/api/products");
}

TEST(HttpCacheKey, OnlyParametersTheRouteReadsAreKept) {
    const auto query = jollyjet::http::Params::parseQuery("page=2&junk=1&limit=5&junk=2");
    const std::vector<std::string> known{"page", "limit"};
    const auto kept = knownParams(query, known);
    EXPECT_EQ(normalizedRequest("GET", "/x", kept), "GET:/x?limit=5&page=2");
    EXPECT_EQ(normalizedRequest("GET", "/x", knownParams(query, std::nullopt)),
              "GET:/x?junk=1&junk=2&limit=5&page=2");
    EXPECT_TRUE(knownParams(query, std::vector<std::string>{}).empty());
}

// Header and body formats: Cache-Status (RFC 9211), Age, ETag and If-None-Match,
// cacheInfo rewriting, and the stored entry.
#include <gtest/gtest.h>

#include "body/CacheInfo.h"
#include "jollyjet/cache/MemoryCacheService.h"
#include "jollyjet/cache/StoredEntry.h"
#include "jollyjet/metrics/Metrics.h"
#include "body/JsonScan.h"
#include "rules/CacheStatus.h"
#include "jollyjet/http/EntityTag.h"
#include "store/StoredResponse.h"

using namespace jollyjet::httpcache;
using jollyjet::http::ifNoneMatchMatches;
using jollyjet::http::strongEtag;

TEST(HttpCacheStatus, FormatsHitMissAndStaleMembers) {
    CacheStatus hit;
    hit.hit = true;
    hit.ttl = 86399;
    EXPECT_EQ(hit.format(), "jollyjet; hit; ttl=86399");

    CacheStatus miss;
    miss.fwd = "uri-miss";
    miss.fwdStatus = 200;
    miss.ttl = 3600;
    miss.stored = true;
    EXPECT_EQ(miss.format(), "jollyjet; fwd=uri-miss; fwd-status=200; ttl=3600; stored");

    CacheStatus stale;
    stale.fwd = "stale";
    stale.fwdStatus = 503;
    stale.ttl = -4;
    stale.detail = "stale-if-error";
    EXPECT_EQ(stale.format(), "jollyjet; fwd=stale; fwd-status=503; ttl=-4; detail=stale-if-error");

    CacheStatus collapsed;
    collapsed.cache = "edge cache";
    collapsed.fwd = "uri-miss";
    collapsed.collapsed = true;
    collapsed.detail = "not a \"token\"";
    EXPECT_EQ(collapsed.format(), R"("edge cache"; fwd=uri-miss; collapsed; detail="not a \"token\"")");
}

TEST(HttpCacheStatus, SecondsRoundDownSoStaleIsNeverZero) {
    EXPECT_EQ(floorSeconds(1999), 1);
    EXPECT_EQ(floorSeconds(0), 0);
    EXPECT_EQ(floorSeconds(-1), -1);
    EXPECT_EQ(floorSeconds(-1000), -1);
    EXPECT_EQ(floorSeconds(-1001), -2);
}

TEST(HttpCacheAge, WholeSecondsAndNeverNegative) {
    EXPECT_EQ(ageValue(10'000, 10'999), "0");
    EXPECT_EQ(ageValue(10'000, 12'500), "2");
    EXPECT_EQ(ageValue(10'000, 9'000), "0") << "another instance's clock may run ahead";
}

TEST(HttpCacheEtag, StrongQuotedAndDependsOnStatusAndBody) {
    const auto tag = strongEtag(200, R"({"a":1})");
    ASSERT_EQ(tag.size(), 34u);
    EXPECT_EQ(tag.front(), '"');
    EXPECT_EQ(tag.back(), '"');
    EXPECT_EQ(tag.find("W/"), std::string::npos);
    EXPECT_EQ(tag, strongEtag(200, R"({"a":1})"));
    EXPECT_NE(tag, strongEtag(200, R"({"a":2})"));
    EXPECT_NE(tag, strongEtag(203, R"({"a":1})"));
}

TEST(HttpCacheEtag, IfNoneMatchUsesWeakComparisonAndLists) {
    const std::string tag = "\"abc\"";
    EXPECT_TRUE(ifNoneMatchMatches("\"abc\"", tag));
    EXPECT_TRUE(ifNoneMatchMatches("W/\"abc\"", tag));
    EXPECT_TRUE(ifNoneMatchMatches("\"x\", W/\"y\" ,\"abc\"", tag));
    EXPECT_TRUE(ifNoneMatchMatches("*", tag));
    EXPECT_TRUE(ifNoneMatchMatches("\"a,b\", \"abc\"", tag)) << "a comma inside a tag separates nothing";
    EXPECT_FALSE(ifNoneMatchMatches("\"abcd\"", tag));
    EXPECT_FALSE(ifNoneMatchMatches("abc", tag));
    EXPECT_FALSE(ifNoneMatchMatches("", tag));
    EXPECT_FALSE(ifNoneMatchMatches("\"abc", tag));
}

TEST(HttpCacheJsonScan, SplitsTopLevelMembersVerbatim) {
    auto m = json::members(R"( {"a":1.50, "b" : {"c":[1,"}",{"d":null}]},"e\"q":"x\\y","f":-2e3 } )");
    ASSERT_TRUE(m);
    ASSERT_EQ(m->size(), 4u);
    EXPECT_EQ((*m)[0].name, "a");
    EXPECT_EQ((*m)[0].value, "1.50") << "numbers keep their text";
    EXPECT_EQ((*m)[1].value, R"({"c":[1,"}",{"d":null}]})");
    EXPECT_EQ((*m)[2].name, "e\"q");
    EXPECT_EQ((*m)[3].value, "-2e3");
    EXPECT_TRUE(json::members("{}")->empty());
}

TEST(HttpCacheJsonScan, RefusesWhatIsNotOneObject) {
    for (const char* bad : {"", "[]", "{", R"({"a":1)", R"({"a":1}x)", R"({"a" 1})", R"({"a":tru})",
                            R"({"a":"unterminated})", R"({a:1})", R"({"a":1,})", "{\"a\":\"\x01\"}"})
        EXPECT_FALSE(json::members(bad)) << bad;
}

TEST(HttpCacheJsonScan, UnquotesEscapes) {
    EXPECT_EQ(json::unquote(R"("a\"b\\c\/\n\u00e9\ud83d\ude00")"), "a\"b\\c/\n\xC3\xA9\xF0\x9F\x98\x80");
    EXPECT_FALSE(json::unquote(R"("\q")"));
    EXPECT_FALSE(json::unquote(R"("abc\")"));
    EXPECT_FALSE(json::unquote("abc"));
    EXPECT_EQ(json::stringArray(R"(["a", "b\"c"])"), (std::vector<std::string>{"a", "b\"c"}));
    EXPECT_FALSE(json::stringArray(R"(["a", 1])"));
}

TEST(HttpCacheInfo, ReplacesTheHandlersMemberWhereTheHintsSay) {
    jollyjet::http::Response response;
    const std::string head = R"({"status":"success","data":{"cacheInfo":"inner stays"},"message":"ok")";
    const std::string own = R"(,"cacheInfo":{"cacheStatus":"miss","cacheKey":"product:1","ttl":3600,"cachedAt":"x"})";
    response.body = head + own + "}";
    response.cache.infoAt = head.size();
    response.cache.infoLength = own.size();
    const auto stored = storedBody(response);
    EXPECT_EQ(stored, head + "}");
    const auto served = withCacheInfo(stored, head.size(), {"hit", "redis", "jj:http:GET:/x", 42, 1'700'000'000'123});
    EXPECT_EQ(served,
              R"({"status":"success","data":{"cacheInfo":"inner stays"},"message":"ok","cacheInfo":{"cacheStatus":"hit","cacheKey":"jj:http:GET:/x","ttl":42,"cachedAt":"2023-11-14T22:13:20.123Z","cacheLayer":"redis"}})");
    EXPECT_EQ(withCacheInfo("{}", 1, {"miss", "", "k", 1, 0}),
              R"({"cacheInfo":{"cacheStatus":"miss","cacheKey":"k","ttl":1,"cachedAt":"1970-01-01T00:00:00.000Z"}})");
    // Without a hint the body is neither parsed nor changed.
    EXPECT_EQ(withCacheInfo("not json", std::string::npos, {"hit", "", "k", 1, 0}), "not json");
    jollyjet::http::Response plain;
    plain.body = "plain text";
    EXPECT_EQ(storedBody(plain), "plain text");
}

TEST(HttpCacheStoredResponse, RoundTripsAndRefusesForeignValues) {
    StoredResponse r;
    r.status = 200;
    r.storedAtMs = 1'700'000'000'000;
    r.ttlSeconds = 3600;
    r.etag = "\"0123456789abcdef0123456789abcdef\"";
    r.contentType = "application/json; charset=utf-8";
    r.headers = {{"X-Custom", "a \"quoted\" value"}};
    r.body = R"({"status":"success","data":[1,2]})";
    r.infoAt = 33;
    const auto encoded = r.encode();
    ASSERT_TRUE(json::members(encoded)) << "the cache service stores JSON";
    const auto back = StoredResponse::decode(encoded);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->status, 200);
    EXPECT_EQ(back->storedAtMs, r.storedAtMs);
    EXPECT_EQ(back->ttlSeconds, 3600);
    EXPECT_EQ(back->etag, r.etag);
    EXPECT_EQ(back->contentType, r.contentType);
    EXPECT_EQ(back->headers, r.headers);
    EXPECT_EQ(back->body, r.body);
    EXPECT_EQ(back->infoAt, 33);
    EXPECT_EQ(back->freshnessLeftMs(r.storedAtMs + 1000), 3'599'000);

    EXPECT_FALSE(StoredResponse::decode(R"({"products":[],"total":0})"));
    EXPECT_FALSE(StoredResponse::decode("42"));
    EXPECT_FALSE(StoredResponse::decode(encoded.substr(0, encoded.size() - 1)));
}

TEST(HttpCacheStoredEntry, CoreDecodesWhatGetOrLoadStores) {
    // The hit fast path reads getOrLoad's entries with a raw MGET: pin the format.
    jollyjet::metrics::Registry metrics;
    jollyjet::cache::MemoryCacheService cache(jollyjet::cache::CacheOptions{}, metrics);
    jollyjet::cache::LoadPolicy policy;
    policy.ttl = std::chrono::seconds(60);
    cache.getOrLoad("k", policy, [] { return std::optional<std::string>(R"({"a":1})"); });
    const auto raw = cache.get("k");
    ASSERT_TRUE(raw);
    const auto entry = jollyjet::cache::StoredEntry::decode(*raw);
    ASSERT_TRUE(entry);
    EXPECT_EQ(entry->value, R"({"a":1})");
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch()).count();
    EXPECT_TRUE(entry->fresh(now));
    EXPECT_FALSE(entry->fresh(now + 61'000));
    EXPECT_FALSE(jollyjet::cache::StoredEntry::decode(R"({"a":1})"));
}

// Which requests use the cache and which answers are stored (README, "The http-cache plugin").
#include <gtest/gtest.h>

#include "rules/CacheControl.h"
#include "rules/Cacheability.h"

using namespace jollyjet;
using namespace jollyjet::httpcache;
using Verdict = RequestDecision::Verdict;

namespace {

http::Request request(std::initializer_list<std::pair<const char*, const char*>> headers) {
    http::Request r;
    r.method = "GET";
    r.path = "/api/products";
    for (const auto& [name, value] : headers) r.headers.add(name, value);
    return r;
}

http::Response ok(std::string body = R"({"status":"success","data":1})") {
    http::Response r;
    r.status = 200;
    r.body = std::move(body);
    return r;
}

} // namespace

TEST(HttpCacheControl, ParsesDirectivesCaseInsensitivelyWithArguments) {
    auto c = CacheControl::parse("max-age=0, No-Cache");
    EXPECT_TRUE(c.noCache);
    EXPECT_FALSE(c.noStore);
    c = CacheControl::parse(R"(private="Set-Cookie, X-Other", no-store)");
    EXPECT_TRUE(c.isPrivate);
    EXPECT_TRUE(c.noStore);
    EXPECT_FALSE(c.noCache) << "the comma inside the quoted argument ends nothing";
    c = CacheControl::parse("");
    EXPECT_FALSE(c.noCache || c.noStore || c.isPrivate);
    EXPECT_FALSE(CacheControl::parse("no-cachex, xno-store").noCache);
}

TEST(HttpCacheRequestRules, PlainGetIsLookedUp) {
    EXPECT_EQ(decideRequest(request({}), {}).verdict, Verdict::Lookup);
    EXPECT_EQ(decideRequest(request({{"Accept", "application/json"}}), {}).verdict, Verdict::Lookup);
}

TEST(HttpCacheRequestRules, AuthorizationAndCookieBypassUnlessAllowed) {
    auto d = decideRequest(request({{"Authorization", "Bearer x"}}), {});
    EXPECT_EQ(d.verdict, Verdict::Bypass);
    EXPECT_EQ(d.detail, "authorization");
    d = decideRequest(request({{"Cookie", "a=b"}}), {});
    EXPECT_EQ(d.verdict, Verdict::Bypass);
    EXPECT_EQ(d.detail, "cookie");

    RequestRules open;
    open.cacheAuthorized = true;
    open.cacheCookies = true;
    EXPECT_EQ(decideRequest(request({{"Authorization", "Bearer x"}, {"Cookie", "a=b"}}), open).verdict,
              Verdict::Lookup);
}

TEST(HttpCacheRequestRules, NoStoreBypassesNoCacheRefreshes) {
    auto d = decideRequest(request({{"Cache-Control", "no-store"}}), {});
    EXPECT_EQ(d.verdict, Verdict::Bypass);
    EXPECT_EQ(d.detail, "no-store");
    EXPECT_EQ(decideRequest(request({{"Cache-Control", "no-cache"}}), {}).verdict, Verdict::Refresh);
    EXPECT_EQ(decideRequest(request({{"Pragma", "no-cache"}}), {}).verdict, Verdict::Refresh);
    EXPECT_EQ(decideRequest(request({{"Pragma", "no-cache"}, {"Cache-Control", "max-age=5"}}), {}).verdict,
              Verdict::Lookup)
        << "Pragma counts only without Cache-Control (RFC 9111 5.4)";
    RequestRules deaf;
    deaf.honorNoCache = false;
    EXPECT_EQ(decideRequest(request({{"Cache-Control", "no-cache"}}), deaf).verdict, Verdict::Lookup);
}

TEST(HttpCacheResponseRules, OnlyListedStatusesAreStored) {
    EXPECT_TRUE(decideResponse(ok(), {}).store);
    auto notFound = ok();
    notFound.status = 404;
    auto d = decideResponse(notFound, {});
    EXPECT_FALSE(d.store);
    EXPECT_EQ(d.detail, "status");
    ResponseRules rules;
    rules.statuses = {200, 404};
    EXPECT_TRUE(decideResponse(notFound, rules).store);
}

TEST(HttpCacheResponseRules, PrivateAnswersAreNotStored) {
    auto cookie = ok();
    cookie.setHeader("Set-Cookie", "session=1");
    EXPECT_EQ(decideResponse(cookie, {}).detail, "set-cookie");
    auto priv = ok();
    priv.setHeader("Cache-Control", "private, max-age=60");
    EXPECT_EQ(decideResponse(priv, {}).detail, "private");
    auto noStore = ok();
    noStore.setHeader("Cache-Control", "no-store");
    EXPECT_EQ(decideResponse(noStore, {}).detail, "no-store");
}

TEST(HttpCacheResponseRules, LargeAndNonJsonBodiesAreNotStored) {
    ResponseRules rules;
    rules.maxBodyBytes = 10;
    EXPECT_EQ(decideResponse(ok(R"({"data":"0123456789"})"), rules).detail, "too-large");
    rules.maxBodyBytes = 1000;
    EXPECT_TRUE(decideResponse(ok(R"({"data":"0123456789"})"), rules).store);
    auto text = ok("hello");
    text.contentType = "text/plain";
    EXPECT_EQ(decideResponse(text, rules).detail, "not-json");
}

// [plugin.product-repository] writeToken: writes need the bearer token, reads do not;
// wrong tokens are limited per client address.
#include <gtest/gtest.h>

#include "ProductStack.h"

using namespace jollyjet::test;

namespace {
const std::string kWrite = "write-token-for-the-guard-test-000001";
const char* kBody = R"({"name":"Desk Lamp","description":"A bright lamp for the desk","price":19.99,"stock":5,"category":"Home"})";
} // namespace

TEST(WriteGuard, WritesNeedTheTokenReadsDoNot) {
    ProductStack stack(StackOptions{"sqlite", "memory", "timing, product-repository",
                                    "[plugin.product-repository]\nwriteToken = " + kWrite +
                                        "\nauthFailureLimit = 100\n"});
    ASSERT_TRUE(stack.start()) << stack.server().output();
    auto& s = stack.server();
    const std::string json = "Content-Type: application/json";
    const std::string auth = json + "\nAuthorization: Bearer " + kWrite;

    auto anonymous = s.request("POST", "/api/products", kBody, json);
    EXPECT_EQ(anonymous.status, 401) << anonymous.body;
    EXPECT_EQ(anonymous.header("www-authenticate"), R"(Bearer realm="jollyjet-products")");
    EXPECT_EQ(s.request("POST", "/api/products", kBody, json + "\nAuthorization: Bearer nope").status, 401);
    EXPECT_EQ(s.request("POST", "/api/products", "not json at all", "Content-Type: text/plain").status, 401)
        << "credentials are checked before the body";

    auto created = s.request("POST", "/api/products", kBody, auth);
    ASSERT_EQ(created.status, 201) << created.body;
    const std::string id = jsonString(created.body, "data.id");
    EXPECT_EQ(s.get("/api/products/" + id).status, 200) << "reads stay open";
    EXPECT_EQ(s.get("/api/products").status, 200);

    EXPECT_EQ(s.request("PUT", "/api/products/" + id, R"({"price":1})", json).status, 401);
    EXPECT_EQ(s.request("PATCH", "/api/products/" + id + "/wishlist", R"({"isWishlistStatus":true})", json).status, 401);
    EXPECT_EQ(s.request("DELETE", "/api/products/" + id, "", "").status, 401);
    EXPECT_EQ(s.request("PUT", "/api/products/" + id, R"({"price":1})", auth).status, 200);
    EXPECT_EQ(s.request("PATCH", "/api/products/" + id + "/wishlist", R"({"isWishlistStatus":true})", auth).status, 200);
    EXPECT_EQ(s.request("DELETE", "/api/products/" + id, "", auth).status, 200);
    EXPECT_EQ(s.stop(), 0);
    EXPECT_EQ(s.output().find(kWrite), std::string::npos) << s.output();
}

TEST(WriteGuard, WrongTokensGet429AfterTheLimit) {
    ProductStack stack(StackOptions{"sqlite", "memory", "timing, product-repository",
                                    "[plugin.product-repository]\nwriteToken = " + kWrite +
                                        "\nauthFailureLimit = 3\n"});
    ASSERT_TRUE(stack.start()) << stack.server().output();
    auto& s = stack.server();
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(s.request("POST", "/api/products", kBody, "Content-Type: application/json\nAuthorization: Bearer x" +
                                                             std::to_string(i)).status, 401);
    auto locked = s.request("POST", "/api/products", kBody, "Content-Type: application/json\nAuthorization: Bearer y");
    EXPECT_EQ(locked.status, 429);
    EXPECT_FALSE(locked.header("retry-after").empty());
}

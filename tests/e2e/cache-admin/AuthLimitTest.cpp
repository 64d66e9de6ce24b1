// Wrong admin tokens: limited per client address (429 with Retry-After), each
// failure logged at warn without the token; admin answers are never stored.
#include <gtest/gtest.h>

#include "Jollyjetd.h"

using namespace jollyjet::test;

namespace {
const std::string kToken = "admin-token-for-the-limit-test-000001";
} // namespace

TEST(AdminAuthLimit, WrongTokensAreLimitedPerAddressAndLoggedWithoutTheToken) {
    Jollyjetd server("[plugins]\nenabled = timing, cache-admin\n[cache]\nbackend = memory\n"
                     "[logging]\nlevel = warn\n[plugin.cache-admin]\ntoken = " + kToken +
                     "\nauthFailureLimit = 5\nauthFailureWindowSeconds = 120\n");
    ASSERT_TRUE(server.start()) << server.output();
    const std::string good = "Authorization: Bearer " + kToken;
    EXPECT_EQ(server.get("/api/cache/status", good).status, 200);
    for (int i = 0; i < 5; ++i) {
        auto r = server.get("/api/cache/status", "Authorization: Bearer guess-number-" + std::to_string(i));
        EXPECT_EQ(r.status, 401) << i;
    }
    auto locked = server.get("/api/cache/status", "Authorization: Bearer guess-number-5");
    EXPECT_EQ(locked.status, 429) << locked.body;
    ASSERT_FALSE(locked.header("retry-after").empty());
    const int retry = std::stoi(locked.header("retry-after"));
    EXPECT_GT(retry, 0);
    EXPECT_LE(retry, 121);
    EXPECT_NE(locked.body.find("Too many failed authentication attempts"), std::string::npos) << locked.body;
    EXPECT_EQ(server.get("/api/cache/status", good).status, 429)
        << "the address is locked out whatever it sends until the window ends";
    EXPECT_EQ(server.get("/admin?token=guess-number-6").status, 429);
    EXPECT_EQ(server.stop(), 0);

    const std::string log = server.output();
    EXPECT_NE(log.find("[warning] [cache-admin] cache-admin: failed authentication from 127.0.0.1 (GET "
                       "/api/cache/status): wrong token"),
              std::string::npos)
        << log;
    EXPECT_EQ(log.find("guess-number"), std::string::npos) << "never the token: " << log;
    EXPECT_EQ(log.find(kToken), std::string::npos) << log;
}

TEST(AdminAuthLimit, AdminAnswersAreNeverStored) {
    Jollyjetd server("[plugins]\nenabled = timing, cache-admin\n[cache]\nbackend = memory\n"
                     "[logging]\nlevel = warn\n[plugin.cache-admin]\ntoken = " + kToken + "\n");
    ASSERT_TRUE(server.start()) << server.output();
    EXPECT_EQ(server.get("/api/cache/status", "Authorization: Bearer " + kToken).header("cache-control"), "no-store");
    EXPECT_EQ(server.get("/api/cache/stats").header("cache-control"), "no-store") << "the 401 too";
    EXPECT_EQ(server.get("/admin").header("cache-control"), "no-store");
}

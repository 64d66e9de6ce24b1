// etc/staging.ini and etc/production.ini as shipped, and the admin token rule: staging
// and production refuse to start without one.
#include <gtest/gtest.h>

#include "Jollyjetd.h"

using namespace jollyjet::test;

namespace {

const std::vector<std::string> kSecrets = {
    "JOLLYJET_MONGODB_URI=mongodb://db.example:27017/jollyjet",
    "JOLLYJET_REDIS_URL=redis://cache.example:6379/0",
    "JOLLYJET_REDIS_PASSWORD=",
    "JOLLYJET_ADMIN_TOKEN=a-long-random-admin-token-of-40-characters",
    "JOLLYJET_WRITE_TOKEN=a-long-random-write-token-of-40-characters",
    "JOLLYJET_METRICS_TOKEN=a-long-random-metrics-token-of-42-characters",
};
const char* kLongToken = "0123456789abcdef0123456789abcdef";

CommandResult checkConfig(const std::string& file, const std::vector<std::string>& env,
                          const std::vector<std::string>& unset = {}) {
    std::vector<std::string> argv = {"env"};
    for (const auto& name : unset) {
        argv.push_back("-u");
        argv.push_back(name);
    }
    argv.insert(argv.end(), {jollyjetdBinary(), "--check-config", "-c", sourceDir() + "/etc/" + file});
    return runCommand(argv, std::chrono::seconds(30), env);
}

std::vector<std::string> with(std::vector<std::string> env, const std::string& replacement) {
    const auto name = replacement.substr(0, replacement.find('=') + 1);
    for (auto& e : env)
        if (e.rfind(name, 0) == 0) e = replacement;
    return env;
}

} // namespace

class ShippedConfig : public ::testing::TestWithParam<std::string> {};

TEST_P(ShippedConfig, PassesTheCheckWithItsSecretsInTheEnvironment) {
    auto r = checkConfig(GetParam(), kSecrets);
    EXPECT_EQ(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find("configuration OK"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("cache-admin"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("metrics"), std::string::npos) << r.output;
}

TEST_P(ShippedConfig, RefusesAnEmptyAdminToken) {
    auto r = checkConfig(GetParam(), with(kSecrets, "JOLLYJET_ADMIN_TOKEN="));
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_NE(r.output.find("key 'token' is empty"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("requires an admin token"), std::string::npos) << r.output;
}

TEST_P(ShippedConfig, RefusesAnUnsetAdminToken) {
    std::vector<std::string> env;
    for (const auto& e : kSecrets)
        if (e.rfind("JOLLYJET_ADMIN_TOKEN=", 0) != 0) env.push_back(e);
    auto r = checkConfig(GetParam(), env, {"JOLLYJET_ADMIN_TOKEN"});
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_NE(r.output.find("environment variable JOLLYJET_ADMIN_TOKEN is not set"), std::string::npos)
        << r.output;
}

TEST_P(ShippedConfig, RefusesAShortAdminToken) {
    auto r = checkConfig(GetParam(), with(kSecrets, "JOLLYJET_ADMIN_TOKEN=x"));
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_NE(r.output.find("key 'token' has 1 characters"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("at least 32 characters"), std::string::npos) << r.output;
    auto almost = checkConfig(GetParam(), with(kSecrets, "JOLLYJET_ADMIN_TOKEN=0123456789abcdef0123456789abcde"));
    EXPECT_EQ(almost.exitCode, 1) << "31 characters: " << almost.output;
}

TEST_P(ShippedConfig, RefusesToStartWithoutAWriteToken) {
    auto r = checkConfig(GetParam(), with(kSecrets, "JOLLYJET_WRITE_TOKEN="));
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_NE(r.output.find("key 'writeToken' is empty"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("publicWrites = true"), std::string::npos) << r.output;
    auto shortOne = checkConfig(GetParam(), with(kSecrets, "JOLLYJET_WRITE_TOKEN=abc"));
    EXPECT_EQ(shortOne.exitCode, 1) << shortOne.output;
    EXPECT_NE(shortOne.output.find("key 'writeToken' has 3 characters"), std::string::npos) << shortOne.output;
}

TEST_P(ShippedConfig, RefusesAShortMetricsToken) {
    auto r = checkConfig(GetParam(), with(kSecrets, "JOLLYJET_METRICS_TOKEN=short"));
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_NE(r.output.find("key 'token' has 5 characters"), std::string::npos) << r.output;
}

TEST_P(ShippedConfig, TheRedisPasswordMayBeUnset) {
    std::vector<std::string> env;
    for (const auto& e : kSecrets)
        if (e.rfind("JOLLYJET_REDIS_PASSWORD=", 0) != 0) env.push_back(e);
    auto r = checkConfig(GetParam(), env, {"JOLLYJET_REDIS_PASSWORD"});
    EXPECT_EQ(r.exitCode, 0) << r.output;
}

INSTANTIATE_TEST_SUITE_P(Etc, ShippedConfig, ::testing::Values("staging.ini", "production.ini"),
                         [](const auto& info) { return info.param.substr(0, info.param.find('.')); });

TEST(AdminToken, ServerRefusesToStartInStagingWithoutOne) {
    Jollyjetd server("[server]\nenvironment = staging\n[plugins]\nenabled = timing, cache-admin\n"
                     "[cache]\nbackend = memory\n[plugin.cache-admin]\ntoken =\n");
    EXPECT_FALSE(server.start());
    EXPECT_EQ(server.stop(), 1);
    EXPECT_NE(server.output().find("the staging environment requires an admin token"), std::string::npos)
        << server.output();
}

TEST(AdminToken, DevelopmentStartsWithoutOneAndLeavesTheRoutesOpen) {
    Jollyjetd server("[plugins]\nenabled = timing, cache-admin\n[cache]\nbackend = memory\n"
                     "[logging]\nlevel = warn\n");
    ASSERT_TRUE(server.start()) << server.output();
    auto stats = server.get("/api/cache/stats");
    EXPECT_EQ(stats.status, 200) << stats.body;
    EXPECT_NE(stats.body.find(R"("backend":"memory")"), std::string::npos) << stats.body;
    EXPECT_NE(server.output().find("no token set"), std::string::npos) << "an open admin is worth a warning";
    EXPECT_EQ(server.stop(), 0);
}

TEST(AdminToken, ProductionStartsWithOne) {
    Jollyjetd server("[server]\nenvironment = production\n[plugins]\nenabled = timing, cache-admin\n"
                     "[cache]\nbackend = memory\n[logging]\nlevel = warn\n[plugin.cache-admin]\ntoken = " +
                     std::string(kLongToken) + "\n");
    ASSERT_TRUE(server.start()) << server.output();
    EXPECT_EQ(server.get("/api/cache/status").status, 401);
    EXPECT_EQ(server.get("/api/cache/status", "Authorization: Bearer " + std::string(kLongToken)).status, 200);
    EXPECT_EQ(server.stop(), 0);
}

TEST(AdminToken, ProductionRefusesAOneCharacterToken) {
    Jollyjetd server("[server]\nenvironment = production\n[plugins]\nenabled = timing, cache-admin\n"
                     "[cache]\nbackend = memory\n[plugin.cache-admin]\ntoken = x\n");
    EXPECT_FALSE(server.start());
    EXPECT_EQ(server.stop(), 1);
    EXPECT_NE(server.output().find("key 'token' has 1 characters"), std::string::npos) << server.output();
}

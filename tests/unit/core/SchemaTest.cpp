#include <gtest/gtest.h>

#include <Poco/AutoPtr.h>
#include <Poco/Util/LayeredConfiguration.h>
#include <Poco/Util/MapConfiguration.h>
#include <Poco/Util/SystemConfiguration.h>

#include "jollyjet/config/CoreSchema.h"
#include "jollyjet/config/Schema.h"

using namespace jollyjet::config;

namespace {

Poco::AutoPtr<Poco::Util::MapConfiguration> mapOf(
    std::initializer_list<std::pair<const char*, const char*>> items) {
    Poco::AutoPtr<Poco::Util::MapConfiguration> c(new Poco::Util::MapConfiguration);
    for (const auto& [k, v] : items) c->setString(k, v);
    return c;
}

std::string joined(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += x + "\n";
    return s;
}

} // namespace

TEST(Schema, AcceptsValidValuesAndDefaults) {
    auto c = mapOf({{"server.port", "8080"}, {"server.keepAlive", "false"}});
    std::vector<std::string> problems;
    validateCore(*c, "test.ini", problems);
    EXPECT_TRUE(problems.empty()) << joined(problems);
}

TEST(Schema, ReportsEachProblemNamingKeyAndFile) {
    auto c = mapOf({{"server.port", "eighty"},
                    {"server.prot", "1"},
                    {"server.workerThreads", "0"},
                    {"server.maxThreads", "512"},
                    {"cache.backend", "disk"},
                    {"logging.level", "loud"},
                    {"serve.port", "1"}});
    std::vector<std::string> problems;
    validateCore(*c, "test.ini", problems);
    const std::string all = joined(problems);
    EXPECT_EQ(problems.size(), 7u) << all;
    EXPECT_NE(all.find("[server] in test.ini: key 'port' = 'eighty': expected a whole number"), std::string::npos) << all;
    EXPECT_NE(all.find("unknown key 'prot'"), std::string::npos) << all;
    EXPECT_NE(all.find("key 'workerThreads' = '0': must be between 1 and 4096"), std::string::npos) << all;
    EXPECT_NE(all.find("key 'maxThreads' was retired: use server.workerThreads"), std::string::npos) << all;
    EXPECT_NE(all.find("key 'backend' = 'disk': expected one of: redis, memory"), std::string::npos) << all;
    EXPECT_NE(all.find("key 'level' = 'loud'"), std::string::npos) << all;
    EXPECT_NE(all.find("unknown section [serve]"), std::string::npos) << all;
}

TEST(Schema, KeyNamesAreCaseInsensitiveLikePocoIni) {
    auto c = mapOf({{"server.PORT", "8080"}});
    std::vector<std::string> problems;
    validateCore(*c, "test.ini", problems);
    EXPECT_TRUE(problems.empty()) << joined(problems);
}

TEST(Schema, ReportsUnsetEnvironmentVariable) {
    Poco::AutoPtr<Poco::Util::LayeredConfiguration> layered(new Poco::Util::LayeredConfiguration);
    layered->add(new Poco::Util::SystemConfiguration, 100);
    layered->add(mapOf({{"redis.password", "${system.env.JOLLYJET_TEST_SURELY_UNSET_VAR}"}}), 0);
    std::vector<std::string> problems;
    validateCore(*layered, "test.ini", problems);
    ASSERT_EQ(problems.size(), 1u) << joined(problems);
    EXPECT_NE(problems[0].find("environment variable JOLLYJET_TEST_SURELY_UNSET_VAR is not set"),
              std::string::npos);
}

TEST(Schema, ResolvesRelativePathsAgainstTheConfigFolder) {
    auto c = mapOf({{"store.sqlite.path", "data/x.db"}, {"logging.file", "/abs/log"}});
    resolveCorePaths(*c, "/etc/jollyjet/");
    EXPECT_EQ(c->getString("store.sqlite.path"), "/etc/jollyjet/data/x.db");
    EXPECT_EQ(c->getString("logging.file"), "/abs/log");
}

TEST(Schema, OpenPrefixAcceptsAnyKeyBelowIt) {
    Schema s("plugin.http-cache");
    s.integer("ttl.default", 60, 1, 100, "").open("ttl.");
    auto c = mapOf({{"plugin.http-cache.ttl.route./x", "5"}, {"plugin.http-cache.other", "1"}});
    std::vector<std::string> problems;
    s.validate(*c, "f.ini", problems);
    ASSERT_EQ(problems.size(), 1u) << joined(problems);
    EXPECT_NE(problems[0].find("unknown key 'other'"), std::string::npos);
}

TEST(SplitList, TrimsAndDropsEmptyItems) {
    EXPECT_EQ(splitList(" timing, metrics ,,http-cache "),
              (std::vector<std::string>{"timing", "metrics", "http-cache"}));
    EXPECT_TRUE(splitList("").empty());
}

TEST(CoreSchema, KeysReadWithTheirSchemaDefault) {
    auto c = mapOf({{"server.headerTimeoutMs", "2500"}});
    EXPECT_EQ(coreInt(*c, "server.headerTimeoutMs"), 2500);
    EXPECT_EQ(coreInt(*c, "server.workerThreads"), 16) << "unset: the schema's default";
    EXPECT_EQ(coreString(*c, "server.host"), "127.0.0.1");
    EXPECT_FALSE(coreBool(*c, "logging.access"));
    EXPECT_EQ(coreInt(*c, "cache.ttl.item"), 3600);
    EXPECT_THROW(coreInt(*c, "server.noSuchKey"), std::logic_error);
}

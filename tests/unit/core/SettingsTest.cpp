#include <gtest/gtest.h>

#include <chrono>

#include <Poco/AutoPtr.h>
#include <Poco/Util/MapConfiguration.h>

#include "jollyjet/cache/CacheOptions.h"
#include "jollyjet/config/CoreSettings.h"
#include "jollyjet/config/Settings.h"
#include "jollyjet/log/LogManager.h"

using namespace jollyjet;

namespace {

Poco::AutoPtr<Poco::Util::MapConfiguration> mapOf(
    std::initializer_list<std::pair<const char*, const char*>> items) {
    Poco::AutoPtr<Poco::Util::MapConfiguration> c(new Poco::Util::MapConfiguration);
    for (const auto& [k, v] : items) c->setString(k, v);
    return c;
}

struct Example {
    std::string name;
    bool on = false;
    int count = 0;
    std::size_t bytes = 0;
    std::chrono::milliseconds wait{0};
    std::chrono::seconds ttl{0};
    double ratio = 0;
    std::vector<std::string> words;
};

config::Settings<Example> exampleSchema(const std::string& section) {
    return config::Settings<Example>(section)
        .string("name", &Example::name, "anna", "a name")
        .boolean("on", &Example::on, true, "a switch")
        .integer("count", &Example::count, 7, 0, 100, "a count")
        .integer("bytes", &Example::bytes, 4096, 0, 1 << 20, "a size")
        .integer("waitMs", &Example::wait, 250, 0, 10000, "a wait")
        .integer("ttlSeconds", &Example::ttl, 60, 0, 3600, "a lifetime")
        .number("ratio", &Example::ratio, 0.5, 0, 1, "a ratio")
        .list("words", &Example::words, "a, b", "some words");
}

} // namespace

TEST(Settings, AnEmptyConfigurationYieldsEveryDeclaredDefault) {
    const Example e = exampleSchema("").read(*mapOf({}));
    EXPECT_EQ(e.name, "anna");
    EXPECT_TRUE(e.on);
    EXPECT_EQ(e.count, 7);
    EXPECT_EQ(e.bytes, 4096u);
    EXPECT_EQ(e.wait, std::chrono::milliseconds(250));
    EXPECT_EQ(e.ttl, std::chrono::seconds(60));
    EXPECT_DOUBLE_EQ(e.ratio, 0.5);
    EXPECT_EQ(e.words, (std::vector<std::string>{"a", "b"}));
}

TEST(Settings, ConfiguredValuesWinAndDurationsTakeTheMembersUnit) {
    const Example e = exampleSchema("").read(*mapOf({{"name", "bo"}, {"on", "false"}, {"count", "3"},
                                                     {"waitMs", "1500"}, {"ttlSeconds", "9"},
                                                     {"ratio", "0.25"}, {"words", "x"}}));
    EXPECT_EQ(e.name, "bo");
    EXPECT_FALSE(e.on);
    EXPECT_EQ(e.count, 3);
    EXPECT_EQ(e.wait, std::chrono::milliseconds(1500));
    EXPECT_EQ(e.ttl, std::chrono::seconds(9));
    EXPECT_DOUBLE_EQ(e.ratio, 0.25);
    EXPECT_EQ(e.words, (std::vector<std::string>{"x"}));
}

TEST(Settings, ASectionPrefixesEveryKeyForReadingAndValidation) {
    const auto schema = exampleSchema("plugin.example");
    const Example e = schema.read(*mapOf({{"plugin.example.count", "42"}, {"count", "1"}}));
    EXPECT_EQ(e.count, 42);
    std::vector<std::string> problems;
    schema.validate(*mapOf({{"plugin.example.count", "101"}, {"plugin.example.cuont", "1"}}), "x.ini", problems);
    ASSERT_EQ(problems.size(), 2u);
    EXPECT_NE(problems[0].find("count"), std::string::npos);
}

TEST(Settings, TheSchemaItBuildsDeclaresEachKeyWithItsDefault) {
    const auto schema = exampleSchema("");
    ASSERT_EQ(schema.schema().keys().size(), 8u);
    EXPECT_EQ(schema.schema().keys()[0].name, "name");
    EXPECT_EQ(schema.schema().keys()[0].defaultValue, "anna");
    EXPECT_EQ(schema.schema().keys()[4].defaultValue, "250");
}

// The structs core fills from `[cache]` and `[logging]` keep member initialisers for
// code that builds them directly (tests, tools); they must say what the schema says.
TEST(Settings, CoreStructDefaultsAgreeWithTheCoreSchema) {
    const auto empty = mapOf({{"cache.backend", "redis"}});
    const cache::CacheOptions declared;
    const cache::CacheOptions read = cache::CacheOptions::fromConfig(*empty);
    EXPECT_EQ(declared.keyPrefix, read.keyPrefix);
    EXPECT_EQ(declared.lease, read.lease);
    EXPECT_EQ(declared.wait, read.wait);
    EXPECT_EQ(declared.retryInterval, read.retryInterval);
    EXPECT_EQ(declared.strictWrites, read.strictWrites);
    EXPECT_EQ(declared.writeIntent, read.writeIntent);
    EXPECT_EQ(declared.nearMaxBytes, read.nearMaxBytes);
    EXPECT_EQ(declared.nearLease, read.nearLease);
    EXPECT_EQ(declared.memoryMaxEntries, read.memoryMaxEntries);
    EXPECT_EQ(declared.memoryMaxBytes, read.memoryMaxBytes);

    const LogSettings logDeclared;
    const LogSettings logRead = LogSettings::fromConfig(*mapOf({}));
    EXPECT_EQ(logDeclared.level, logRead.level);
    EXPECT_EQ(logDeclared.sink, logRead.sink);
    EXPECT_EQ(logDeclared.format, logRead.format);
    EXPECT_EQ(logDeclared.maxSizeBytes, logRead.maxSizeBytes);
    EXPECT_EQ(logDeclared.maxFiles, logRead.maxFiles);
}

TEST(Settings, CoreSettingsComeFromTheCoreSchemaOrTheConfiguration) {
    const config::CoreSettings defaults = config::coreSettings(*mapOf({}));
    EXPECT_EQ(defaults.environment, "development");
    EXPECT_FALSE(defaults.deployed());
    EXPECT_EQ(defaults.storeBackend, "sqlite");
    EXPECT_EQ(defaults.cache.item, std::chrono::seconds(3600));
    EXPECT_EQ(defaults.maxResultWindow, 10000);

    const config::CoreSettings set = config::coreSettings(
        *mapOf({{"server.environment", "production"}, {"cache.ttl.list", "12"}, {"store.backend", "mongodb"}}));
    EXPECT_TRUE(set.deployed());
    EXPECT_EQ(set.cache.list, std::chrono::seconds(12));
    EXPECT_EQ(set.storeBackend, "mongodb");
}

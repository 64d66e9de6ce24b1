#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Util/MapConfiguration.h>

#include "TestEnv.h"
#include "jollyjet/log/LogManager.h"

using namespace jollyjet;

namespace {
std::vector<std::string> lines(const std::string& file) {
    std::ifstream in(file);
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}
} // namespace

TEST(LogManager, JsonLinesStayValidJsonWhateverTheMessage) {
    test::TempDir dir;
    LogSettings settings;
    settings.sink = "file";
    settings.file = dir.path() + "/j.log";
    settings.format = "json";
    {
        LogManager logs(settings);
        logs.get("unit")->warn("quote \" backslash \\ newline \n tab \t done");
        logs.get("other")->error("second");
    }
    const auto all = lines(settings.file);
    ASSERT_EQ(all.size(), 2u);
    auto first = Poco::JSON::Parser().parse(all[0]).extract<Poco::JSON::Object::Ptr>();
    EXPECT_EQ(first->getValue<std::string>("msg"), "quote \" backslash \\ newline \n tab \t done");
    EXPECT_EQ(first->getValue<std::string>("level"), "warning");
    EXPECT_EQ(first->getValue<std::string>("logger"), "unit");
    auto second = Poco::JSON::Parser().parse(all[1]).extract<Poco::JSON::Object::Ptr>();
    EXPECT_EQ(second->getValue<std::string>("logger"), "other");
}

TEST(LogManager, ReopenWritesToTheNewFileAfterARename) {
    // What logrotate does before it sends SIGHUP.
    test::TempDir dir;
    LogSettings settings;
    settings.sink = "file";
    settings.file = dir.path() + "/r.log";
    LogManager logs(settings);
    auto log = logs.get("unit");
    log->warn("before rotation");
    log->flush();
    std::rename(settings.file.c_str(), (settings.file + ".1").c_str());
    logs.reopen();
    log->warn("after rotation");
    log->flush();
    const auto rotated = lines(settings.file + ".1");
    const auto fresh = lines(settings.file);
    ASSERT_EQ(rotated.size(), 1u);
    EXPECT_NE(rotated[0].find("before rotation"), std::string::npos);
    ASSERT_EQ(fresh.size(), 1u);
    EXPECT_NE(fresh[0].find("after rotation"), std::string::npos);
}

namespace {
std::string slurp(const std::string& file) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}
} // namespace

TEST(LogManager, EverySinkMasksSecretsAndEscapesControlCharacters) {
    const std::string secret = "a-configured-admin-token-0123456789abcdef";
    const std::string forged = "GET /x?p=a\r\n2026-01-01T00:00:00.000Z [warn] [cache-admin] FLUSHALL\x1b[0m";
    for (const std::string sink : {"file", "rotating"}) {
        for (const std::string format : {"text", "json"}) {
            test::TempDir dir;
            LogSettings settings;
            settings.sink = sink;
            settings.format = format;
            settings.file = dir.path() + "/s.log";
            settings.secrets = {secret};
            {
                LogManager logs(settings);
                logs.get("unit")->warn("slow request: GET /admin?token={} {}", secret, forged);
                logs.get("unit")->info("line two");
            }
            const std::string text = slurp(settings.file);
            EXPECT_EQ(text.find(secret), std::string::npos) << sink << "/" << format << ": " << text;
            EXPECT_NE(text.find("[REDACTED]"), std::string::npos) << text;
            const auto all = lines(settings.file);
            EXPECT_EQ(all.size(), 2u) << sink << "/" << format << ": one message, one line: " << text;
            for (const char c : text)
                EXPECT_FALSE((static_cast<unsigned char>(c) < 0x20 && c != '\n') || c == 0x7f)
                    << sink << "/" << format << " raw control " << int(c);
        }
    }
}

TEST(LogManager, SecretsAreCollectedFromTheConfiguration) {
    Poco::AutoPtr<Poco::Util::MapConfiguration> config = new Poco::Util::MapConfiguration;
    config->setString("plugin.cache-admin.token", "admin-secret-value");
    config->setString("plugin.product-repository.writeToken", "write-secret-value");
    config->setString("redis.url", "redis://:redis-pass@host:6379/0");
    config->setString("redis.password", "other-redis-pass");
    config->setString("store.mongodb.uri", "mongodb://user:mongo%40pass@h/db");
    config->setString("server.host", "127.0.0.1");
    const auto secrets = LogSettings::fromConfig(*config).secrets;
    for (const std::string s : {"admin-secret-value", "write-secret-value", "redis-pass", "other-redis-pass",
                                "mongo%40pass", "mongo@pass"})
        EXPECT_NE(std::find(secrets.begin(), secrets.end(), s), secrets.end()) << s;
    EXPECT_EQ(std::find(secrets.begin(), secrets.end(), "127.0.0.1"), secrets.end());
}

TEST(LogManager, FileSinksAreFlushedWithinASecondWithoutAWarning) {
    test::TempDir dir;
    LogSettings settings;
    settings.sink = "file";
    settings.file = dir.path() + "/f.log";
    LogManager logs(settings);
    logs.get("unit")->info("an info line nobody flushed");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    bool seen = false;
    while (!seen && std::chrono::steady_clock::now() < deadline) {
        seen = slurp(settings.file).find("an info line nobody flushed") != std::string::npos;
        if (!seen) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    EXPECT_TRUE(seen) << "an info line must reach the file within 2 s while the server runs";
}

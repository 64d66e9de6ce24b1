// What may reach a log line: redacted request targets, escaped control characters,
// masked secrets; and the ini reader's comments, duplicates and defaults.
#include <cstdlib>

#include <gtest/gtest.h>

#include "jollyjet/config/IniFile.h"
#include "jollyjet/http/ClientNetworks.h"
#include "jollyjet/log/Redact.h"

using namespace jollyjet;

TEST(RedactUri, HidesSecretQueryValuesAndKeepsTheRest) {
    EXPECT_EQ(log::redactUri("/admin?token=s3cr3t-value&x=1"), "/admin?token=[REDACTED]&x=1");
    EXPECT_EQ(log::redactUri("/a?X=1&Password=p&access_token=t#frag"),
              "/a?X=1&Password=[REDACTED]&access_token=[REDACTED]#frag");
    EXPECT_EQ(log::redactUri("/a?%74oken=abc"), "/a?%74oken=[REDACTED]") << "encoded names too";
    EXPECT_EQ(log::redactUri("/api/products?page=2&category=Home"), "/api/products?page=2&category=Home");
    EXPECT_EQ(log::redactUri("/api/cache/check?key=jollyjet:dev:product:1"),
              "/api/cache/check?key=jollyjet:dev:product:1");
    EXPECT_EQ(log::redactUri("redis://:pw@host:6379/0"), "redis://:[REDACTED]@host:6379/0");
    EXPECT_EQ(log::redactUri("mongodb://user:pw@h1,h2/db?authSource=admin"),
              "mongodb://user:[REDACTED]@h1,h2/db?authSource=admin");
    EXPECT_EQ(log::redactUri("/plain/path"), "/plain/path");
}

TEST(EscapeControl, NoMessageCanStartAnotherLine) {
    EXPECT_EQ(log::escapeControl("a\r\nb\tc\x1b[31m\x7f"), "a\\r\\nb\\tc\\x1b[31m\\x7f");
    EXPECT_EQ(log::escapeControl("nel\xC2\x85 ls\xE2\x80\xA8 ok \xC3\xA9"), "nel\\u0085 ls\\u2028 ok \xC3\xA9");
    const std::string forged = "GET /x\n2026-01-01T00:00:00.000Z [warn] [cache-admin] FLUSHALL";
    EXPECT_EQ(log::escapeControl(forged).find('\n'), std::string::npos);
}

TEST(AppendJsonLogString, EscapesEveryControl) {
    std::string out;
    log::appendJsonLogString(out, "q\"\\\n\x01\x7f\xC2\x85\xE2\x80\xA9");
    EXPECT_EQ(out, R"("q\"\\\n\u0001\u007f\u0085\u2029")");
}

TEST(MaskSecrets, ReplacesEveryOccurrenceOfLongEnoughSecrets) {
    EXPECT_EQ(log::maskSecrets("token=abcdef and abcdef again", {"abcdef"}),
              "token=[REDACTED] and [REDACTED] again");
    EXPECT_EQ(log::maskSecrets("a b c", {"a"}), "a b c") << "too short to mask without mangling text";
}

TEST(ClientNetworksTest, MatchesCidrsOfBothFamilies) {
    http::ClientNetworks nets({"10.0.0.0/8", "127.0.0.1", "::1/128", "fd00::/8"});
    EXPECT_TRUE(nets.contains("10.1.2.3:5555"));
    EXPECT_TRUE(nets.contains("127.0.0.1:1"));
    EXPECT_FALSE(nets.contains("127.0.0.2:1"));
    EXPECT_TRUE(nets.contains("[::1]:80"));
    EXPECT_TRUE(nets.contains("[fd12::1]:80"));
    EXPECT_TRUE(nets.contains("[::ffff:10.9.9.9]:80")) << "IPv4-mapped";
    EXPECT_FALSE(nets.contains("192.168.1.1:80"));
    EXPECT_FALSE(nets.contains("garbage"));
    EXPECT_FALSE(http::ClientNetworks::problemWith("10.0.0.0/33").empty());
    EXPECT_FALSE(http::ClientNetworks::problemWith("example.com").empty());
    EXPECT_TRUE(http::ClientNetworks::problemWith("::/0").empty());
}

TEST(IniFile, HashStartsACommentAndRepeatedKeysNameBothLines) {
    std::vector<std::string> problems;
    const auto text = config::checkIniText("# my comment\n[server]\nport = 1\n; fine\nPort = 2\n", "x.ini", problems);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_NE(problems[0].find("x.ini:5"), std::string::npos) << problems[0];
    EXPECT_NE(problems[0].find("lines 3 and 5"), std::string::npos) << problems[0];
    EXPECT_EQ(text.rfind(";# my comment", 0), 0u) << text;
    problems.clear();
    config::checkIniText("[a]\nk = 1\n[b]\nk = 2\n[a]\nj = 3\n", "y.ini", problems);
    EXPECT_TRUE(problems.empty()) << "same key in two sections, a section continued";
}

TEST(IniFile, EnvironmentDefaultsApplyOnlyWhenUnset) {
    ::unsetenv("JJ_TEST_UNSET_VAR");
    ::setenv("JJ_TEST_SET_VAR", "value", 1);
    EXPECT_EQ(config::expandEnvironmentDefaults("a = ${system.env.JJ_TEST_UNSET_VAR:-}\n"), "a = \n");
    EXPECT_EQ(config::expandEnvironmentDefaults("a = ${system.env.JJ_TEST_UNSET_VAR:-x y}\n"), "a = x y\n");
    EXPECT_EQ(config::expandEnvironmentDefaults("a = ${system.env.JJ_TEST_SET_VAR:-x}\n"), "a = value\n");
    EXPECT_EQ(config::expandEnvironmentDefaults("a = ${system.env.JJ_TEST_SET_VAR}\n"),
              "a = ${system.env.JJ_TEST_SET_VAR}\n") << "without a default POCO expands it";
}

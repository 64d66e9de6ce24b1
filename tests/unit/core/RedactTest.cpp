// What may reach a log line: redacted request targets, escaped control characters,
// masked secrets.
#include <gtest/gtest.h>

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

// White-box tests of the memory backend's glob matcher and of the stored envelope.
#include <gtest/gtest.h>

#include "../../../core/src/cache/Envelope.h"
#include "../../../core/src/cache/Glob.h"

namespace jollyjet::cache {
namespace {

TEST(Glob, MatchesLikeRedis) {
    EXPECT_TRUE(glob::matches("*", ""));
    EXPECT_TRUE(glob::matches("products:*", "products:1"));
    EXPECT_FALSE(glob::matches("products:*", "product:1"));
    EXPECT_TRUE(glob::matches("h?llo", "hello"));
    EXPECT_FALSE(glob::matches("h?llo", "hllo"));
    EXPECT_TRUE(glob::matches("h[ae]llo", "hallo"));
    EXPECT_FALSE(glob::matches("h[^e]llo", "hello"));
    EXPECT_TRUE(glob::matches("k[0-9]", "k7"));
    EXPECT_TRUE(glob::matches("a*b*c", "axxbyyc"));
    EXPECT_FALSE(glob::matches("a*b*c", "axxbyy"));
    EXPECT_TRUE(glob::matches("a\\*", "a*"));
    EXPECT_FALSE(glob::matches("a\\*", "ab"));
}

TEST(Glob, EscapedTextMatchesOnlyItself) {
    const std::string prefix = "jj:[dev]*?:";
    EXPECT_TRUE(glob::matches(glob::escape(prefix) + "*", prefix + "key"));
    EXPECT_FALSE(glob::matches(glob::escape(prefix) + "*", "jj:d*?:key"));
}

TEST(Envelope, RoundTripsValuesAndNotFound) {
    auto entry = envelope::decode(envelope::encode(std::string(R"({"a":[1,2]})"), 1234));
    ASSERT_TRUE(entry);
    EXPECT_EQ(entry->logicalExpiryMs, 1234);
    EXPECT_EQ(entry->value, std::optional<std::string>(R"({"a":[1,2]})"));
    auto notFound = envelope::decode(envelope::encode(std::nullopt, 99));
    ASSERT_TRUE(notFound);
    EXPECT_FALSE(notFound->value);
    EXPECT_FALSE(envelope::decode(R"({"a":1})"));
    EXPECT_FALSE(envelope::decode(R"({"jj":1,"exp":x})"));
}

} // namespace
} // namespace jollyjet::cache

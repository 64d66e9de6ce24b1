#include <gtest/gtest.h>

#include "jollyjet/redis/KeySlot.h"

namespace jollyjet::test {
namespace {

using redis::keySlot;

TEST(KeySlot, Crc16MatchesTheXmodemCheckValue) {
    EXPECT_EQ(redis::crc16("123456789"), 0x31C3);
    EXPECT_EQ(redis::crc16(""), 0);
}

TEST(KeySlot, SlotsOfPlainKeys) {
    // Values Redis Cluster documents and CLUSTER KEYSLOT answers.
    EXPECT_EQ(keySlot("foo"), 12182);
    EXPECT_EQ(keySlot("bar"), 5061);
    EXPECT_EQ(keySlot("123456789"), 0x31C3 % 16384);
}

TEST(KeySlot, OnlyTheFirstNonEmptyHashTagIsHashed) {
    EXPECT_EQ(keySlot("{user1000}.following"), keySlot("user1000"));
    EXPECT_EQ(keySlot("{user1000}.followers"), keySlot("{user1000}.following"));
    EXPECT_EQ(keySlot("foo{bar}{zap}"), keySlot("bar"));
    EXPECT_EQ(keySlot("foo{{bar}}zap"), keySlot("{bar"));
    // An empty tag does not count: the whole key is hashed.
    EXPECT_EQ(keySlot("foo{}{bar}"), static_cast<int>(redis::crc16("foo{}{bar}") % 16384));
    EXPECT_EQ(keySlot("foo{bar"), static_cast<int>(redis::crc16("foo{bar") % 16384));
}

TEST(KeySlot, HashTaggedPrefixKeepsAnExistingTag) {
    EXPECT_EQ(redis::hashTaggedPrefix("jollyjet:dev:"), "{jollyjet:dev:}");
    EXPECT_EQ(redis::hashTaggedPrefix("{jj}:dev:"), "{jj}:dev:");
    EXPECT_EQ(redis::hashTaggedPrefix("a{}b:"), "{a{}b:}");
    EXPECT_EQ(keySlot(redis::hashTaggedPrefix("p:") + "entry"),
              keySlot(redis::hashTaggedPrefix("p:") + "tag:x"));
}

} // namespace
} // namespace jollyjet::test

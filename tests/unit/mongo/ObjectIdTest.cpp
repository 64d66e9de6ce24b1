#include <gtest/gtest.h>

#include <chrono>
#include <set>

#include "jollyjet/mongo/ObjectId.h"

using jollyjet::mongo::ObjectId;

TEST(MongoObjectId, GeneratesUniqueLowercaseHexWithTheCurrentTime) {
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) {
        const std::string hex = ObjectId::generate().toHex();
        ASSERT_EQ(hex.size(), 24u);
        ASSERT_EQ(hex.find_first_not_of("0123456789abcdef"), std::string::npos) << hex;
        EXPECT_TRUE(seen.insert(hex).second);
    }
    const auto now = static_cast<std::uint32_t>(
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());
    EXPECT_LE(now - ObjectId::generate().seconds(), 2u);
}

TEST(MongoObjectId, ParsesAnyCaseAndRefusesOtherInput) {
    const auto id = ObjectId::parse("507F1F77bcf86cd799439011");
    ASSERT_TRUE(id.has_value());
    EXPECT_EQ(id->toHex(), "507f1f77bcf86cd799439011");
    EXPECT_EQ(id->seconds(), 0x507f1f77u);
    EXPECT_EQ(ObjectId::parse(id->toHex()), id);
    EXPECT_FALSE(ObjectId::isValid(""));
    EXPECT_FALSE(ObjectId::isValid("507f1f77bcf86cd79943901"));
    EXPECT_FALSE(ObjectId::isValid("507f1f77bcf86cd7994390111"));
    EXPECT_FALSE(ObjectId::isValid("507f1f77bcf86cd79943901g"));
}

// Allow-lists of client networks (CIDR, both families).
#include <gtest/gtest.h>

#include "jollyjet/http/ClientNetworks.h"

using namespace jollyjet;

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

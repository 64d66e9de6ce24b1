#include <gtest/gtest.h>

#include "jollyjet/mongo/ConnectionString.h"

using jollyjet::mongo::ConnectionString;
using jollyjet::mongo::HostPort;

TEST(MongoConnectionString, HostOnlyGetsDefaults) {
    const auto cs = ConnectionString::parse("mongodb://localhost");
    ASSERT_EQ(cs.hosts.size(), 1u);
    EXPECT_EQ(cs.hosts[0], (HostPort{"localhost", 27017}));
    EXPECT_EQ(cs.database, "test");
    EXPECT_FALSE(cs.hasCredentials());
    EXPECT_EQ(cs.authDatabase(), "admin");
}

TEST(MongoConnectionString, FullForm) {
    const auto cs = ConnectionString::parse(
        "mongodb://app%40corp:p%3Ass%2Fw@db1.example:27018,db2.example,[::1]:27019/catalog?authSource=admin&"
        "replicaSet=rs0&maxPoolSize=7&connectTimeoutMS=1500&socketTimeoutMS=2500&appName=jj&w=majority");
    EXPECT_EQ(cs.username, "app@corp");
    EXPECT_EQ(cs.password, "p:ss/w");
    ASSERT_EQ(cs.hosts.size(), 3u);
    EXPECT_EQ(cs.hosts[0], (HostPort{"db1.example", 27018}));
    EXPECT_EQ(cs.hosts[1], (HostPort{"db2.example", 27017}));
    EXPECT_EQ(cs.hosts[2], (HostPort{"::1", 27019}));
    EXPECT_EQ(cs.hosts[2].toString(), "[::1]:27019");
    EXPECT_EQ(cs.database, "catalog");
    EXPECT_EQ(cs.authDatabase(), "admin");
    EXPECT_EQ(cs.replicaSet, "rs0");
    EXPECT_EQ(cs.appName, "jj");
    EXPECT_EQ(cs.maxPoolSize, 7u);
    EXPECT_EQ(cs.connectTimeout, std::chrono::milliseconds(1500));
    EXPECT_EQ(cs.socketTimeout, std::chrono::milliseconds(2500));
    EXPECT_EQ(cs.redacted().find("p:ss"), std::string::npos);
    EXPECT_NE(cs.redacted().find("app@corp:***@"), std::string::npos);
}

TEST(MongoConnectionString, AuthSourceDefaultsToTheDatabase) {
    EXPECT_EQ(ConnectionString::parse("mongodb://u:p@h/shop").authDatabase(), "shop");
    EXPECT_EQ(ConnectionString::parse("mongodb://u:p@h/?authSource=x").authDatabase(), "x");
    EXPECT_EQ(ConnectionString::parse("mongodb://u:p@h/").authDatabase(), "admin");
    EXPECT_EQ(ConnectionString::parse("mongodb://h?replicaSet=r").replicaSet, "r");
}

TEST(MongoConnectionString, RefusesWhatItCannotHonour) {
    for (const char* bad : {"http://h", "mongodb://", "mongodb://h:0", "mongodb://h:99999", "mongodb://h:x",
                            "mongodb+srv://cluster.example", "mongodb://h/?tls=true",
                            "mongodb://h/?authMechanism=SCRAM-SHA-1", "mongodb://h/?maxPoolSize=0",
                            "mongodb://h/?socketTimeoutMS=abc", "mongodb://h,/db", "mongodb://u%zz@h",
                            "mongodb://h/bad.name", "mongodb://[::1/x", "mongodb://:p@h"}) {
        EXPECT_THROW(ConnectionString::parse(bad), std::invalid_argument) << bad;
    }
}

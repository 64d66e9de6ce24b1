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
                            "mongodb+srv://cluster.example", "mongodb://h/?tls=maybe",
                            "mongodb://h/?tls=true&ssl=false", "mongodb://h/?tls=false&tlsCAFile=/ca.pem",
                            "mongodb://h/?tlsInsecure=true&tlsAllowInvalidHostnames=true",
                            "mongodb://h/?tls=true&tlsCertificateKeyFilePassword=x",
                            "mongodb://h/?authMechanism=SCRAM-SHA-1", "mongodb://h/?maxPoolSize=0",
                            "mongodb://h/?socketTimeoutMS=abc", "mongodb://h,/db", "mongodb://u%zz@h",
                            "mongodb://h/bad.name", "mongodb://[::1/x", "mongodb://:p@h"}) {
        EXPECT_THROW(ConnectionString::parse(bad), std::invalid_argument) << bad;
    }
}

TEST(MongoConnectionString, ReadsTlsOptionsAsTheUriSpecNamesThem) {
    EXPECT_FALSE(ConnectionString::parse("mongodb://h/db").tls.enabled);
    const auto cs = ConnectionString::parse(
        "mongodb://h/db?tls=true&tlsCAFile=%2Fetc%2Fca.pem&tlsCertificateKeyFile=/etc/me.pem");
    EXPECT_TRUE(cs.tls.enabled);
    EXPECT_EQ(cs.tls.caFile, "/etc/ca.pem");
    EXPECT_EQ(cs.tls.certFile, "/etc/me.pem");
    EXPECT_TRUE(cs.tls.verifyCertificate);
    EXPECT_TRUE(cs.tls.verifyHostname);
    EXPECT_EQ(cs.redacted(), "mongodb://h:27017/db?tls=true");

    EXPECT_TRUE(ConnectionString::parse("mongodb://h/?ssl=true").tls.enabled);
    EXPECT_TRUE(ConnectionString::parse("mongodb://h/?tlsCAFile=/ca.pem").tls.enabled);

    const auto names = ConnectionString::parse("mongodb://h/?tls=true&tlsAllowInvalidHostnames=true").tls;
    EXPECT_TRUE(names.verifyCertificate);
    EXPECT_FALSE(names.verifyHostname);
    const auto insecure = ConnectionString::parse("mongodb://h/?tls=true&tlsInsecure=true").tls;
    EXPECT_FALSE(insecure.verifyCertificate);
    EXPECT_FALSE(insecure.verifyHostname);
}

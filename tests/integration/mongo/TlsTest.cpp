// The MongoDB client over TLS (the URI specification's tls* options) against the wire
// test server in TLS mode: it works with the right CA, and each wrong setting is
// refused with the address and the reason, never answered in plaintext.
#include <string>

#include <gtest/gtest.h>

#include "MongoWireServer.h"
#include "TestCertificates.h"
#include "jollyjet/mongo/Collection.h"
#include "jollyjet/mongo/ConnectionPool.h"
#include "jollyjet/mongo/Errors.h"

namespace jollyjet::test {
namespace {

const TestCertificates& certs() {
    return TestCertificates::shared();
}

MongoWireTls presenting(const TestCertificates::Pair& pair) {
    return MongoWireTls{pair.certFile, pair.keyFile, certs().caFile()};
}

std::string tlsUri(const MongoWireServer& server, const std::string& options) {
    return server.uri("tls_it") + "?tls=true&connectTimeoutMS=1000&socketTimeoutMS=2000&" + options;
}

/// The message of the error a ping through a fresh pool raises ("" when it worked).
std::string pingFailure(const std::string& uri) {
    mongo::ConnectionPool pool(uri);
    try {
        pool.ping();
    } catch (const mongo::MongoError& e) {
        return e.what();
    }
    return "";
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

TEST(MongoTls, CommandsRunOverTlsWithTheRightCa) {
    MongoWireServer server(0, false, presenting(certs().server()));
    mongo::ConnectionPool pool(tlsUri(server, "tlsCAFile=" + certs().caFile()));
    pool.ping();
    auto collection = pool.collection("over_tls");
    mongo::Document doc;
    doc.add("name", std::string("encrypted"));
    collection.insertOne(doc);
    EXPECT_EQ(collection.countDocuments(), 1);
}

TEST(MongoTls, AWrongCaAnExpiredOrAMisnamedCertificateIsRefused) {
    {
        MongoWireServer server(0, false, presenting(certs().server()));
        const std::string failure =
            pingFailure(tlsUri(server, "tlsCAFile=" + certs().otherCaFile()));
        EXPECT_TRUE(contains(failure, "127.0.0.1:" + std::to_string(server.port()))) << failure;
        EXPECT_TRUE(contains(failure, "certificate refused")) << failure;
    }
    {
        MongoWireServer server(0, false, presenting(certs().expired()));
        const std::string failure = pingFailure(tlsUri(server, "tlsCAFile=" + certs().caFile()));
        EXPECT_TRUE(contains(failure, "expired")) << failure;
    }
    {
        MongoWireServer server(0, false, presenting(certs().wrongName()));
        const std::string failure = pingFailure(tlsUri(server, "tlsCAFile=" + certs().caFile()));
        EXPECT_TRUE(contains(failure, "not valid for '127.0.0.1'")) << failure;
        EXPECT_EQ(pingFailure(tlsUri(server, "tlsCAFile=" + certs().caFile() +
                                                 "&tlsAllowInvalidHostnames=true")),
                  "");
    }
}

TEST(MongoTls, TlsInsecureAcceptsAnyCertificate) {
    MongoWireServer server(0, false, presenting(certs().expired()));
    EXPECT_EQ(pingFailure(tlsUri(server, "tlsInsecure=true")), "");
}

TEST(MongoTls, PlaintextAndTlsOnTheWrongKindOfPortFail) {
    MongoWireServer tlsServer(0, false, presenting(certs().server()));
    mongo::PoolOptions quick;
    quick.connection.connectTimeout = std::chrono::milliseconds(1000);
    quick.connection.socketTimeout = std::chrono::milliseconds(1000);
    mongo::ConnectionPool plaintext(tlsServer.uri("tls_it"), quick);
    EXPECT_THROW(plaintext.ping(), mongo::MongoError)
        << "a plaintext hello on a TLS port must not succeed";

    MongoWireServer plainServer;
    const std::string failure = pingFailure(tlsUri(plainServer, "tlsCAFile=" + certs().caFile()));
    EXPECT_TRUE(contains(failure, "TLS")) << failure;
}

TEST(MongoTls, AClientCertificateFileIsPresented) {
    MongoWireServer server(0, false, presenting(certs().server()));
    EXPECT_EQ(
        pingFailure(tlsUri(server, "tlsCAFile=" + certs().caFile() +
                                       "&tlsCertificateKeyFile=" + certs().clientBundleFile())),
        "");
}

TEST(MongoTls, UnreadableFilesAreRefusedWhenThePoolIsMade) {
    try {
        mongo::ConnectionPool pool(
            "mongodb://127.0.0.1:1/x?tls=true&tlsCAFile=" + certs().folder() + "/none.pem");
        FAIL() << "a missing tlsCAFile must be refused";
    } catch (const std::invalid_argument& e) {
        EXPECT_TRUE(contains(e.what(), "none.pem")) << e.what();
    }
    EXPECT_THROW(
        mongo::ConnectionPool("mongodb://127.0.0.1:1/x?tlsCertificateKeyFile=" + certs().caFile()),
        std::invalid_argument)
        << "a certificate without its key";
}

} // namespace
} // namespace jollyjet::test

// Redis over TLS when something is wrong: each refusal is an error naming the
// endpoint and the reason, never a silent plaintext connection.
#include <chrono>
#include <string>

#include <gtest/gtest.h>

#include "RedisTransport.h"
#include "TestCertificates.h"
#include "jollyjet/redis/RedisError.h"
#include "jollyjet/redis/RedisPool.h"

namespace jollyjet::test {
namespace {

using namespace std::chrono_literals;

const TestCertificates& certs() {
    return TestCertificates::shared();
}

RedisServer tlsServer(const TestCertificates::Pair& presented,
                      bool requireClientCertificate = false) {
    return RedisServer("", RedisServerTls{presented.certFile, presented.keyFile, certs().caFile(),
                                          requireClientCertificate});
}

redis::RedisOptions tlsOptions(const RedisServer& server) {
    redis::RedisOptions options = clientOptionsFor(server);
    options.connectTimeout = 1000ms;
    options.commandTimeout = 1000ms;
    return options;
}

/// The message of the RedisError a PING through a fresh pool raises ("" if none).
std::string pingFailure(const redis::RedisOptions& options) {
    redis::RedisPool pool(options);
    try {
        pool.execute({"PING"});
    } catch (const redis::RedisError& e) {
        return e.what();
    }
    return "";
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

TEST(RedisTls, AServerTheClientsCaDidNotSignIsRefused) {
    RedisServer server = tlsServer(certs().server());
    auto options = tlsOptions(server);
    options.tls.caFile = certs().otherCaFile();
    const std::string failure = pingFailure(options);
    EXPECT_TRUE(contains(failure, "redis " + options.endpoint())) << failure;
    EXPECT_TRUE(contains(failure, "certificate refused")) << failure;
    EXPECT_TRUE(contains(failure, "JollyJet Test CA"))
        << failure; // the certificate it could not place
}

TEST(RedisTls, AnExpiredServerCertificateIsRefused) {
    RedisServer server = tlsServer(certs().expired());
    const std::string failure = pingFailure(tlsOptions(server));
    EXPECT_TRUE(contains(failure, "certificate refused")) << failure;
    EXPECT_TRUE(contains(failure, "expired")) << failure;
}

TEST(RedisTls, ACertificateForAnotherNameIsRefusedUnlessThatNameIsExpected) {
    RedisServer server = tlsServer(certs().wrongName());
    auto options = tlsOptions(server);
    const std::string failure = pingFailure(options);
    EXPECT_TRUE(contains(failure, "not valid for '127.0.0.1'")) << failure;
    EXPECT_TRUE(contains(failure, "wrong.example")) << failure;

    options.tls.serverName = "wrong.example"; // redis.tls.serverName
    redis::RedisPool pool(options);
    EXPECT_EQ(pool.execute({"PING"}).text, "PONG");
}

TEST(RedisTls, APlaintextClientOnTheTlsPortFailsInsteadOfHanging) {
    RedisServer server = tlsServer(certs().server());
    auto options = tlsOptions(server);
    options.tls.enabled = false;
    const std::string failure = pingFailure(options);
    EXPECT_FALSE(failure.empty()) << "a plaintext PING on a TLS port must not succeed";
    EXPECT_TRUE(contains(failure, "redis " + options.endpoint())) << failure;
    EXPECT_TRUE(contains(failure, "rediss://")) << failure;
}

TEST(RedisTls, ATlsClientOnAPlaintextPortSaysTheServerIsNotSpeakingTls) {
    RedisServer server;
    auto options = tlsOptions(server);
    options.tls.enabled = true;
    options.tls.caFile = certs().caFile();
    const std::string failure = pingFailure(options);
    EXPECT_TRUE(contains(failure, "redis " + options.endpoint())) << failure;
    EXPECT_TRUE(contains(failure, "speaking TLS")) << failure;
}

TEST(RedisTls, SkippingVerificationAcceptsWhatVerificationRefuses) {
    for (const auto* pair : {&certs().expired(), &certs().wrongName()}) {
        RedisServer server = tlsServer(*pair);
        auto options = tlsOptions(server);
        EXPECT_FALSE(pingFailure(options).empty())
            << pair->certFile << " must be refused by default";
        options.tls.caFile = certs().otherCaFile();
        options.tls.verifyCertificate = false; // redis.tls.insecureSkipVerify = true
        options.tls.verifyHostname = false;
        EXPECT_EQ(pingFailure(options), "") << pair->certFile;
    }
}

TEST(RedisTls, AServerDemandingAClientCertificateGetsOneWhenConfigured) {
    RedisServer server = tlsServer(certs().server(), true);
    auto options = tlsOptions(server);
    EXPECT_FALSE(pingFailure(options).empty()) << "no client certificate: refused by the server";
    options.tls.certFile = certs().client().certFile;
    options.tls.keyFile = certs().client().keyFile;
    EXPECT_EQ(pingFailure(options), "");
}

TEST(RedisTls, UnusableFilesAreRefusedBeforeAnyConnection) {
    redis::RedisOptions options;
    options.port = freePort();
    options.tls.enabled = true;
    options.tls.caFile = certs().folder() + "/missing-ca.pem";
    try {
        redis::RedisPool pool(options);
        FAIL() << "a missing CA file must be refused";
    } catch (const std::invalid_argument& e) {
        EXPECT_TRUE(contains(e.what(), "missing-ca.pem")) << e.what();
        EXPECT_TRUE(contains(e.what(), "No such file")) << e.what();
    }
    options.tls.caFile = certs().client().keyFile; // a key is not a certificate
    EXPECT_THROW(redis::RedisPool{options}, std::invalid_argument);
    options.tls.caFile = certs().caFile();
    options.tls.certFile = certs().client().certFile;
    options.tls.keyFile = certs().server().keyFile; // another certificate's key
    try {
        redis::RedisPool pool(options);
        FAIL() << "a key that does not belong to the certificate must be refused";
    } catch (const std::invalid_argument& e) {
        EXPECT_TRUE(contains(e.what(), "does not belong")) << e.what();
    }
}

TEST(RedisTls, ASubscriberOverTlsSeesMessagesAndIsNotWokenByNothing) {
    auto server = startRedis(RedisTransport::Tls);
    redis::RedisPool pool(tlsOptions(*server));
    auto subscriber = pool.connectDedicated();
    subscriber->send({"SUBSCRIBE", "tls-events"});
    ASSERT_EQ(subscriber->read().elements.at(0).text, "subscribe");
    EXPECT_FALSE(subscriber->waitReadable(300ms)) << "an idle TLS subscriber has nothing to read";
    pool.execute({"PUBLISH", "tls-events", "hello"});
    ASSERT_TRUE(subscriber->waitReadable(2000ms));
    const auto message = subscriber->read();
    EXPECT_EQ(message.elements.at(2).text, "hello");
    EXPECT_FALSE(subscriber->broken());
}

} // namespace
} // namespace jollyjet::test

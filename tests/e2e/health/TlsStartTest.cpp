// jollyjetd and TLS settings that cannot work: refused by --check-config when the
// files show it, refused at start when the server's certificate does, reported by
// the health endpoints when it starts failing later; and a loud warning on every
// start while verification is switched off.
#include <gtest/gtest.h>

#include <thread>

#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Query.h>

#include "Jollyjetd.h"
#include "ProductStack.h"
#include "RedisServer.h"
#include "TestCertificates.h"

using namespace jollyjet::test;

namespace {

const TestCertificates& certs() {
    return TestCertificates::shared();
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

RedisServerTls presenting(const TestCertificates::Pair& pair) {
    return RedisServerTls{pair.certFile, pair.keyFile, certs().caFile(), false};
}

/// A cache on `redis` with `tlsLines` under [redis], a SQLite store in `dir`.
std::string iniFor(const RedisServer& redis, const std::string& tlsLines, const TempDir& dir) {
    return "[plugins]\nenabled = timing\n[logging]\nlevel = info\n[redis]\nurl = " + redis.url() +
           "\nconnectTimeoutMs = 1000\ncommandTimeoutMs = 1000\n" + tlsLines +
           "[cache]\nbackend = redis\n[store]\nbackend = sqlite\nsqlite.path = " + dir.path() +
           "/p.db\n";
}

std::string jsonAt(const std::string& body, const std::string& path) {
    return Poco::JSON::Query(Poco::JSON::Parser().parse(body)).find(path).convert<std::string>();
}

} // namespace

TEST(TlsStart, CheckConfigNamesUnreadableAndNonPemFiles) {
    TempDir dir;
    const std::string missing = dir.path() + "/no-such-ca.pem";
    const std::string notPem = dir.write("not-pem.pem", "hello\n");
    const std::string ini = dir.write(
        "bad.ini",
        "[plugins]\nenabled = timing\n[redis]\nurl = rediss://127.0.0.1:6390/0\ntls.caFile = " +
            missing + "\n[cache]\nbackend = redis\n[store]\nbackend = sqlite\nsqlite.path = " +
            dir.path() + "/p.db\n");
    auto result = runJollyjetd({"--config", ini, "--check-config"});
    EXPECT_NE(result.exitCode, 0) << result.output;
    EXPECT_TRUE(contains(result.output, "no-such-ca.pem")) << result.output;
    EXPECT_TRUE(contains(result.output, "No such file")) << result.output;

    const std::string mongoIni = dir.write(
        "bad-mongo.ini",
        "[plugins]\nenabled = timing\n[cache]\nbackend = memory\n[store]\nbackend = mongodb\n"
        "mongodb.uri = mongodb://127.0.0.1:27017/x?tls=true&tlsCAFile=" +
            notPem + "\n");
    result = runJollyjetd({"--config", mongoIni, "--check-config"});
    EXPECT_NE(result.exitCode, 0) << result.output;
    EXPECT_TRUE(contains(result.output, "not-pem.pem")) << result.output;
    EXPECT_TRUE(contains(result.output, "no PEM certificate")) << result.output;

    const std::string good = dir.write(
        "good.ini",
        "[plugins]\nenabled = timing\n[redis]\nurl = rediss://127.0.0.1:6390/0\ntls.caFile = " +
            certs().caFile() + "\ntls.certFile = " + certs().client().certFile +
            "\ntls.keyFile = " + certs().client().keyFile +
            "\n[cache]\nbackend = redis\n[store]\nbackend = sqlite\n"
            "sqlite.path = " +
            dir.path() + "/p.db\n");
    result = runJollyjetd({"--config", good, "--check-config"});
    EXPECT_EQ(result.exitCode, 0) << result.output;
}

TEST(TlsStart, ARefusedRedisCertificateStopsTheStartWithEndpointAndReason) {
    struct Case {
        const TestCertificates::Pair* presented;
        std::string ca;
        std::string reason;
    };
    for (const Case& c :
         {Case{&certs().server(), certs().otherCaFile(), "certificate refused"},
          Case{&certs().expired(), certs().caFile(), "expired"},
          Case{&certs().wrongName(), certs().caFile(), "not valid for '127.0.0.1'"}}) {
        RedisServer redis("", presenting(*c.presented));
        TempDir dir;
        Jollyjetd server(iniFor(redis, "tls.caFile = " + c.ca + "\n", dir));
        EXPECT_FALSE(server.start()) << c.reason;
        const auto exitCode = server.process().wait(std::chrono::seconds(10));
        ASSERT_TRUE(exitCode.has_value());
        EXPECT_NE(*exitCode, 0);
        EXPECT_TRUE(contains(server.output(), "redis 127.0.0.1:" + std::to_string(redis.port())))
            << server.output();
        EXPECT_TRUE(contains(server.output(), c.reason)) << server.output();
    }
}

TEST(TlsStart, SkippingVerificationStartsButWarnsEveryTime) {
    RedisServer redis("", presenting(certs().expired()));
    TempDir dir;
    Jollyjetd server(iniFor(redis, "tls.insecureSkipVerify = true\n", dir));
    for (int run = 0; run < 2; ++run) {
        ASSERT_TRUE(server.start()) << server.output();
        EXPECT_EQ(server.get("/api/health").status, 200);
        EXPECT_EQ(server.stop(), 0);
    }
    const std::string output = server.output();
    const std::string warning = "TLS CERTIFICATE VERIFICATION IS OFF";
    const auto first = output.find(warning);
    ASSERT_NE(first, std::string::npos) << output;
    EXPECT_NE(output.find(warning, first + 1), std::string::npos)
        << "warned at the second start too";
}

TEST(TlsStart, ACertificateThatGoesBadLaterShowsInHealthWithTheReason) {
    RedisServer redis("", presenting(certs().server()));
    TempDir dir;
    Jollyjetd server(
        iniFor(redis, "tls.caFile = " + certs().caFile() + "\nbreakerFailures = 1000\n", dir));
    ASSERT_TRUE(server.start()) << server.output();
    ASSERT_EQ(server.get("/api/health").status, 200);

    redis.stop();
    redis.presentOnRestart(presenting(certs().expired()));
    redis.start();
    // The first check may still meet the pooled connection the restart cut; the
    // next one connects anew and meets the expired certificate.
    std::string body;
    int status = 0;
    for (int i = 0; i < 20 && !contains(body, "expired"); ++i) {
        if (i > 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
        auto health = server.get("/api/health");
        status = health.status;
        body = health.body;
    }
    ASSERT_EQ(status, 503) << body;
    EXPECT_EQ(jsonAt(body, "data.databases.redis.status"), "error");
    EXPECT_TRUE(contains(jsonAt(body, "data.databases.redis.error"), "expired")) << body;
}

TEST(TlsStart, ARefusedMongoDbCertificateStopsTheStart) {
    if (!MongoTestServer::available()) GTEST_SKIP() << "no MongoDB wire test server in this build";
    MongoTestServer mongo(true);
    TempDir dir;
    std::string uri = mongo.uri("jollyjet");
    uri.replace(uri.find(certs().caFile()), certs().caFile().size(), certs().otherCaFile());
    Jollyjetd server(
        "[plugins]\nenabled = timing\n[cache]\nbackend = memory\n[store]\nbackend = mongodb\n"
        "mongodb.uri = " +
        uri + "\n");
    EXPECT_FALSE(server.start());
    const auto exitCode = server.process().wait(std::chrono::seconds(10));
    ASSERT_TRUE(exitCode.has_value());
    EXPECT_NE(*exitCode, 0);
    EXPECT_TRUE(contains(server.output(), "mongodb 127.0.0.1:" + std::to_string(mongo.port())))
        << server.output();
    EXPECT_TRUE(contains(server.output(), "certificate refused")) << server.output();
}

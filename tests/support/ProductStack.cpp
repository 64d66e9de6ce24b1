#include "ProductStack.h"

#include <csignal>
#include <random>
#include <sstream>
#include <thread>

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Query.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Path.h>
#include <gtest/gtest.h>

#include "RedisTransport.h"
#include "TestCertificates.h"

namespace jollyjet::test {

MongoTestServer::MongoTestServer(bool tls) : port_(freePort()), tls_(tls) { start(); }

MongoTestServer::~MongoTestServer() { stop(); }

bool MongoTestServer::available() { return !mongoTestServerBinary().empty(); }

std::string MongoTestServer::uri(const std::string& db) const {
    const std::string plain = "mongodb://127.0.0.1:" + std::to_string(port_) + "/" + db;
    return tls_ ? plain + "?tls=true&tlsCAFile=" + TestCertificates::shared().caFile() : plain;
}

void MongoTestServer::start() {
    std::vector<std::string> argv{mongoTestServerBinary(), "--port", std::to_string(port_)};
    if (tls_) {
        const auto& certificates = TestCertificates::shared();
        argv.insert(argv.end(), {"--tls-cert-file", certificates.server().certFile, "--tls-key-file",
                                 certificates.server().keyFile, "--tls-ca-file", certificates.caFile()});
    }
    process_ = std::make_unique<ChildProcess>(argv, Poco::Path(dir_.path()).append("mongo.log").toString());
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
        if (!process_->running()) throw std::runtime_error("mongo test server exited: " + process_->output());
        try {
            Poco::Net::StreamSocket socket;
            socket.connect(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port_)),
                           Poco::Timespan(0, 200000));
            return;
        } catch (const Poco::Exception&) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
    throw std::runtime_error("mongo test server did not listen");
}

void MongoTestServer::stop() {
    if (process_) process_->stop();
}

void MongoTestServer::pause() {
    if (process_) process_->pause();
}

void MongoTestServer::resume() {
    if (process_) process_->resume();
}

ProductStack::ProductStack(StackOptions options) : options_(std::move(options)) {
    std::ostringstream ini;
    ini << "[plugins]\nenabled = " << options_.plugins << "\n";
    ini << "[logging]\nlevel = warn\n";
    std::mt19937 random(std::random_device{}());
    const std::string prefix = "jjtest:" + std::to_string(random() % 1000000) + ":";
    if (options_.cache == "redis" || options_.cache == "redis-tls") {
        const bool tls = options_.cache == "redis-tls";
        redis_ = startRedis(tls ? RedisTransport::Tls : RedisTransport::Plain);
        ini << "[redis]\nurl = " << redis_->url() << "\nkeyPrefix = " << prefix << "\n";
        if (tls) ini << "tls.caFile = " << TestCertificates::shared().caFile() << "\n";
        ini << "[cache]\nbackend = redis\n";
    } else if (options_.cache == "redis-cluster") {
        cluster_ = std::make_unique<RedisCluster>();
        ini << "[redis]\nmode = cluster\nnodes = " << cluster_->seeds() << "\nkeyPrefix = " << prefix << "\n";
        ini << "[cache]\nbackend = redis\n";
    } else if (options_.cache == "redis-down") {
        ini << "[redis]\nurl = redis://127.0.0.1:" << freePort() << "/0\nkeyPrefix = " << prefix
            << "\nconnectTimeoutMs = 200\ncommandTimeoutMs = 200\n";
        // Writes must land for these tests to run at all; the strict policy's 503
        // with Redis down has tests of its own.
        ini << "[cache]\nbackend = redis\nwritePolicy = available\n";
    } else {
        ini << "[cache]\nbackend = memory\n";
    }
    if (options_.store == "mongodb" || options_.store == "mongodb-tls") {
        mongo_ = std::make_unique<MongoTestServer>(options_.store == "mongodb-tls");
        ini << "[store]\nbackend = mongodb\nmongodb.uri = " << mongo_->uri("jollyjet") << "\n";
    } else {
        ini << "[store]\nbackend = sqlite\nsqlite.path = " << dir_.path() << "/products.db\n";
    }
    ini << options_.extraIni << "\n";
    ini_ = ini.str();
    server_ = std::make_unique<Jollyjetd>(ini_);
}

bool ProductStack::start() { return server_->start(); }

std::string ProductStack::createProduct(const std::string& name, const std::string& category,
                                        double price, int stock, const std::string& description) {
    std::ostringstream body;
    body << R"({"name":")" << name << R"(","description":")" << description << R"(","price":)"
         << price << R"(,"stock":)" << stock << R"(,"category":")" << category << R"("})";
    auto r = server_->request("POST", "/api/products", body.str());
    EXPECT_EQ(r.status, 201) << r.body;
    if (r.status != 201) return "";
    return jsonString(r.body, "data.id");
}

std::string jsonString(const std::string& body, const std::string& path) {
    auto parsed = Poco::JSON::Parser().parse(body);
    Poco::JSON::Query query(parsed);
    return query.find(path).convert<std::string>();
}

} // namespace jollyjet::test

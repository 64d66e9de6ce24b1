#include <gtest/gtest.h>

#include <csignal>
#include <thread>

#include "ChildProcess.h"
#include "TestEnv.h"
#include "jollyjet/mongo/Collection.h"
#include "jollyjet/mongo/ConnectionPool.h"
#include "jollyjet/mongo/Errors.h"

// The wire test server as a separate process that the tests kill, freeze and restart
// on the same port. Only meaningful against the test server: skipped with MONGODB_URI.

using namespace jollyjet::mongo;
using jollyjet::test::ChildProcess;

namespace {

using Clock = std::chrono::steady_clock;

long long millisSince(Clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
}

class TestServerProcess {
public:
    TestServerProcess() : port_(jollyjet::test::freePort()) { start(); }

    void start() {
        process_ = std::make_unique<ChildProcess>(
            std::vector<std::string>{jollyjet::test::mongoTestServerBinary(), "--port", std::to_string(port_)},
            dir_.path() + "/server-" + std::to_string(++starts_) + ".log"); // a fresh log: "ready" is this run's
        const auto deadline = Clock::now() + std::chrono::seconds(10);
        while (Clock::now() < deadline) {
            if (process_->output().find("ready\n") != std::string::npos) return;
            if (!process_->running()) throw std::runtime_error("test server exited: " + process_->output());
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        throw std::runtime_error("test server not ready: " + process_->output());
    }
    void kill() {
        process_->signal(SIGKILL);
        process_->wait(std::chrono::seconds(5));
    }
    void freeze() { process_->pause(); }
    int port() const { return port_; }
    std::string uri() const { return "mongodb://127.0.0.1:" + std::to_string(port_) + "/killed"; }

private:
    int port_;
    int starts_ = 0;
    jollyjet::test::TempDir dir_;
    std::unique_ptr<ChildProcess> process_;
};

class MongoServerKilledTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (std::getenv("MONGODB_URI") != nullptr) GTEST_SKIP() << "kills the server: wire test server only";
        server = std::make_unique<TestServerProcess>();
        PoolOptions options;
        options.maxSize = 4;
        options.connection.connectTimeout = std::chrono::milliseconds(500);
        options.connection.socketTimeout = std::chrono::milliseconds(800);
        pool = std::make_unique<ConnectionPool>(server->uri(), options);
    }

    void insert(const std::string& id) {
        Document d;
        d.add("_id", id);
        pool->collection("items").insertOne(d);
    }

    std::unique_ptr<TestServerProcess> server;
    std::unique_ptr<ConnectionPool> pool;
};

} // namespace

TEST_F(MongoServerKilledTest, KilledServerGivesANetworkErrorAndThePoolRecovers) {
    insert("before");
    ASSERT_EQ(pool->stats().idle, 1u);
    server->kill();
    const auto start = Clock::now();
    EXPECT_THROW(insert("while-down"), NetworkError);
    EXPECT_THROW(pool->ping(), NetworkError);
    EXPECT_LT(millisSince(start), 2000);

    server->start(); // same port, empty data
    EXPECT_NO_THROW(insert("after"));
    EXPECT_EQ(pool->collection("items").countDocuments(), 1);
}

TEST_F(MongoServerKilledTest, KilledMidCursorFailsTheWholeFind) {
    std::vector<Document::Ptr> docs;
    for (int i = 0; i < 20; ++i) {
        Document::Ptr d = makeDocument();
        d->add("_id", i);
        docs.push_back(d);
    }
    pool->collection("items").insertMany(docs);
    // Borrow the connection, read the first batch, kill the server, then ask for more.
    auto lease = pool->borrow();
    Document find;
    find.add("find", std::string("items")).add("batchSize", 5);
    const auto reply = lease->runCommand("killed", find);
    const auto id = integerOf(subDocument(*reply, "cursor")->get("id"));
    ASSERT_TRUE(id && *id != 0);
    server->kill();
    Document more;
    more.add("getMore", static_cast<Poco::Int64>(*id)).add("collection", std::string("items"));
    EXPECT_THROW(lease->runCommand("killed", more), NetworkError);
    EXPECT_TRUE(lease->broken());
}

TEST_F(MongoServerKilledTest, FrozenServerTimesOutWithinTheSocketTimeout) {
    insert("before");
    server->freeze(); // accepts TCP (kernel backlog) but never answers
    const auto start = Clock::now();
    try {
        insert("while-frozen");
        FAIL() << "no error from a frozen server";
    } catch (const NetworkError& e) {
        EXPECT_TRUE(e.timedOut()) << e.what();
    }
    const auto waited = millisSince(start);
    EXPECT_GE(waited, 700);
    EXPECT_LT(waited, 2500);

    server->kill(); // SIGKILL ends a stopped process too
    server->start();
    EXPECT_NO_THROW(insert("after"));
    EXPECT_NO_THROW(pool->ping());
}

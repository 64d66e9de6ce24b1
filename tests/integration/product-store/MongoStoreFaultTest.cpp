#include <gtest/gtest.h>

#include <chrono>

#include "ProductStack.h"
#include "jollyjet/mongo/ConnectionPool.h"
#include "store/MongoProductStore.h"

using namespace jollyjet;
using namespace jollyjet::products;

TEST(MongoStoreFaults, StoreDownIsATypedErrorAndTheStoreRecovers) {
    if (!test::MongoTestServer::available()) GTEST_SKIP() << "no wire test server in this build";
    test::MongoTestServer server;
    mongo::ConnectionPool pool(server.uri("faults") + "?connectTimeoutMS=500&socketTimeoutMS=1000");
    MongoProductStore store(pool);
    store.prepare();
    NewProduct p;
    p.name = "Lamp";
    p.description = "A bright desk lamp";
    p.price = 1;
    p.stock = 1;
    p.category = "Home";
    const auto created = store.create(p);

    server.stop();
    const auto started = std::chrono::steady_clock::now();
    EXPECT_THROW(store.findById(created.id), StoreUnavailable);
    EXPECT_THROW(store.create(p), StoreUnavailable);
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));

    // The wire server keeps documents in memory, so a restarted one is empty: what
    // matters is that the same pool serves again.
    server.start();
    const auto again = store.create(p);
    EXPECT_TRUE(store.findById(again.id).has_value());
}

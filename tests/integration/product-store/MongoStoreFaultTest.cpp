#include <gtest/gtest.h>

#include <chrono>

#include "ProductStack.h"
#include "jollyjet/mongo/Collection.h"
#include "jollyjet/mongo/ConnectionPool.h"
#include "store/SearchWords.h"

#include <Poco/MongoDB/ObjectId.h>
#include <Poco/Timestamp.h>
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

TEST(MongoStoreExistingData, DocumentsWrittenByOtherToolsBecomeSearchable) {
    // The reference implementation's documents: ObjectId _id, dates, no searchWords.
    if (!test::MongoTestServer::available()) GTEST_SKIP() << "no wire test server in this build";
    test::MongoTestServer server;
    mongo::ConnectionPool pool(server.uri("existing"));
    Poco::MongoDB::Document doc;
    doc.add("_id", Poco::MongoDB::ObjectId::Ptr(new Poco::MongoDB::ObjectId("65a1b2c3d4e5f60718293a4b")))
        .add("name", std::string("Old Lamp"))
        .add("description", std::string("A lamp from the old catalogue"))
        .add("price", 12.5)
        .add("stock", 3)
        .add("category", std::string("Home"))
        .add("isActive", true)
        .add("createdAt", Poco::Timestamp())
        .add("updatedAt", Poco::Timestamp())
        .add("__v", 0);
    pool.collection("products").insertOne(doc);
    MongoProductStore store(pool);
    store.prepare();
    ProductFilter filter;
    filter.searchWords = searchWords("catalogue");
    const auto found = store.find(filter, 0, 10);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].id, "65a1b2c3d4e5f60718293a4b");
    EXPECT_EQ(found[0].stock, 3);
    EXPECT_DOUBLE_EQ(found[0].price, 12.5);
    EXPECT_TRUE(store.findById("65A1B2C3D4E5F60718293A4B").has_value());
}

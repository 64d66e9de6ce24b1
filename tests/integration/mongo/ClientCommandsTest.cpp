#include <gtest/gtest.h>

#include <Poco/MongoDB/RegularExpression.h>

#include "MongoTarget.h"
#include "jollyjet/mongo/Collection.h"
#include "jollyjet/mongo/Errors.h"
#include "jollyjet/mongo/ObjectId.h"

using namespace jollyjet::mongo;
using jollyjet::test::MongoTarget;

namespace {

Document::Ptr product(const std::string& id, const std::string& name, double price, Poco::Int64 createdAt,
                      const std::vector<std::string>& words) {
    Document::Ptr d = makeDocument();
    d->add("_id", id).add("name", name).add("price", price).add("createdAt", createdAt);
    Array::Ptr array = new Array();
    for (std::size_t i = 0; i < words.size(); ++i) array->add(std::to_string(i), words[i]);
    d->add("searchWords", array);
    return d;
}

template <class T>
Document::Ptr eq(const std::string& key, T value) {
    Document::Ptr d = makeDocument();
    d->add(key, value);
    return d;
}

Document::Ptr op(const std::string& field, const std::string& op, double value) {
    Document::Ptr d = makeDocument();
    d->addNewDocument(field).add(op, value);
    return d;
}

std::vector<std::string> idsOf(const std::vector<Document::Ptr>& docs) {
    std::vector<std::string> ids;
    for (const auto& d : docs) ids.push_back(d->get<std::string>("_id"));
    return ids;
}

class MongoClientTest : public ::testing::Test {
protected:
    void SetUp() override {
        pool = target.pool();
        items = std::make_unique<Collection>(pool->collection(MongoTarget::uniqueName("items")));
    }
    void TearDown() override {
        if (items) items->drop();
    }

    // Ten products; ids sort like their creation order.
    void insertTen() {
        std::vector<Document::Ptr> docs;
        for (int i = 0; i < 10; ++i) {
            const std::string id = "64b000000000000000000a0" + std::to_string(i);
            docs.push_back(product(id, "Item " + std::to_string(i), 10.0 * i, 1000 + i / 2,
                                   i % 2 ? std::vector<std::string>{"odd", "item"} : std::vector<std::string>{"even", "item"}));
        }
        items->insertMany(docs);
    }

    MongoTarget target;
    std::unique_ptr<ConnectionPool> pool;
    std::unique_ptr<Collection> items;
};

} // namespace

TEST_F(MongoClientTest, HandshakeAndPing) {
    EXPECT_NO_THROW(pool->ping());
    auto lease = pool->borrow();
    EXPECT_GE(lease->server().maxWireVersion, 13);
    EXPECT_TRUE(lease->server().writablePrimary);
}

TEST_F(MongoClientTest, InsertOneThenFindOneReadsTheSameValues) {
    const std::string id = ObjectId::generate().toHex();
    items->insertOne(*product(id, "Red Kettle", 24.5, 1700000000123LL, {"red", "kettle"}));
    const Document::Ptr found = items->findOne(eq("_id", id));
    ASSERT_FALSE(found.isNull());
    EXPECT_EQ(found->get<std::string>("name"), "Red Kettle");
    EXPECT_DOUBLE_EQ(found->get<double>("price"), 24.5);
    EXPECT_EQ(found->get<Poco::Int64>("createdAt"), 1700000000123LL);
    EXPECT_EQ(documentsOf(*subDocument(*found, "searchWords")).size(), 0u); // strings, not documents
    EXPECT_EQ(subDocument(*found, "searchWords")->size(), 2u);
    EXPECT_TRUE(items->findOne(eq("_id", std::string("000000000000000000000000"))).isNull());
}

TEST_F(MongoClientTest, ServerGeneratesAnIdWhenNoneIsGiven) {
    Document d;
    d.add("name", std::string("no id"));
    items->insertOne(d);
    const Document::Ptr found = items->findOne(eq("name", std::string("no id")));
    ASSERT_FALSE(found.isNull());
    EXPECT_FALSE(found->get("_id").isNull());
}

TEST_F(MongoClientTest, FindReadsEveryBatch) {
    std::vector<Document::Ptr> docs;
    for (int i = 0; i < 53; ++i) docs.push_back(product("id" + std::to_string(100 + i), "n", i, i, {"w"}));
    items->insertMany(docs);
    FindOptions options;
    options.sort = eq("_id", 1);
    options.batchSize = 5;
    const auto all = items->find(options);
    ASSERT_EQ(all.size(), 53u);
    EXPECT_EQ(all.front()->get<std::string>("_id"), "id100");
    EXPECT_EQ(all.back()->get<std::string>("_id"), "id152");
    options.filter = op("price", "$gte", 50);
    EXPECT_EQ(items->find(options).size(), 3u);
}

TEST_F(MongoClientTest, FilterSortSkipLimitAndProjection) {
    insertTen();
    FindOptions options;
    options.filter = makeDocument();
    options.filter->addNewDocument("price").add("$gte", 20.0).add("$lte", 80.0);
    options.sort = makeDocument();
    options.sort->add("createdAt", -1).add("_id", -1);
    options.skip = 1;
    options.limit = 3;
    options.projection = eq("name", 1);
    const auto page = items->find(options);
    ASSERT_EQ(idsOf(page), (std::vector<std::string>{"64b000000000000000000a07", "64b000000000000000000a06",
                                                     "64b000000000000000000a05"}));
    EXPECT_TRUE(page.front()->get("price").isNull());
    EXPECT_EQ(page.front()->get<std::string>("name"), "Item 7");
}

TEST_F(MongoClientTest, InMatchesElementsOfArrayFields) {
    insertTen();
    items->insertOne(*product("x1", "Blue Lamp", 5, 1, {"blue", "lamp"}));
    Document::Ptr query = makeDocument();
    Array::Ptr words = new Array();
    words->add("0", std::string("lamp")).add("1", std::string("nothing"));
    query->addNewDocument("searchWords").add("$in", words);
    FindOptions options;
    options.filter = query;
    EXPECT_EQ(idsOf(items->find(options)), (std::vector<std::string>{"x1"}));
    EXPECT_EQ(items->countDocuments(eq("searchWords", std::string("odd"))), 5);
}

TEST_F(MongoClientTest, RegexWithOptions) {
    insertTen();
    Document::Ptr query = makeDocument();
    query->addNewDocument("name").add("$regex", std::string("^item [12]$")).add("$options", std::string("i"));
    FindOptions options;
    options.filter = query;
    options.sort = eq("_id", 1);
    EXPECT_EQ(idsOf(items->find(options)), (std::vector<std::string>{"64b000000000000000000a01", "64b000000000000000000a02"}));
    Document::Ptr literal = makeDocument();
    literal->add("name", Poco::MongoDB::RegularExpression::Ptr(new Poco::MongoDB::RegularExpression("TEM 9", "i")));
    EXPECT_EQ(items->countDocuments(literal), 1);
}

TEST_F(MongoClientTest, CountDocuments) {
    EXPECT_EQ(items->countDocuments(), 0);
    insertTen();
    EXPECT_EQ(items->countDocuments(), 10);
    EXPECT_EQ(items->countDocuments(op("price", "$lt", 30)), 3);
    EXPECT_EQ(items->countDocuments(eq("name", std::string("nobody"))), 0);
}

TEST_F(MongoClientTest, CountCommand) {
    EXPECT_EQ(items->count(), 0);
    insertTen();
    EXPECT_EQ(items->count(), 10);
    EXPECT_EQ(items->count(op("price", "$lt", 30)), 3);
    EXPECT_EQ(items->count(eq("name", std::string("nobody"))), 0);
}

TEST_F(MongoClientTest, UpdateWithSetAndInc) {
    insertTen();
    Document update;
    update.addNewDocument("$set").add("name", std::string("Renamed"));
    update.addNewDocument("$inc").add("stock", 3).add("price", 1.5);
    const UpdateResult result = items->updateOne(*eq("_id", std::string("64b000000000000000000a03")), update);
    EXPECT_EQ(result.matched, 1);
    EXPECT_EQ(result.modified, 1);
    const Document::Ptr after = items->findOne(eq("_id", std::string("64b000000000000000000a03")));
    EXPECT_EQ(after->get<std::string>("name"), "Renamed");
    EXPECT_EQ(after->get<int>("stock"), 3);
    EXPECT_DOUBLE_EQ(after->get<double>("price"), 31.5);

    const UpdateResult none = items->updateOne(*eq("_id", std::string("missing")), update);
    EXPECT_EQ(none.matched, 0);
    EXPECT_EQ(none.modified, 0);
    EXPECT_EQ(items->countDocuments(), 10); // upsert false: nothing inserted

    Document mark;
    mark.addNewDocument("$set").add("flag", true);
    EXPECT_EQ(items->updateMany(*eq("searchWords", std::string("even")), mark).modified, 5);
    EXPECT_EQ(items->updateMany(*eq("searchWords", std::string("even")), mark).modified, 0); // unchanged
}

TEST_F(MongoClientTest, FindOneAndUpdateReturnsTheNewDocument) {
    insertTen();
    Document update;
    update.addNewDocument("$inc").add("version", 1);
    const Document::Ptr after = items->findOneAndUpdate(*eq("_id", std::string("64b000000000000000000a04")), update);
    ASSERT_FALSE(after.isNull());
    EXPECT_EQ(after->get<int>("version"), 1);
    const Document::Ptr before =
        items->findOneAndUpdate(*eq("_id", std::string("64b000000000000000000a04")), update, nullptr, false);
    EXPECT_EQ(before->get<int>("version"), 1);
    EXPECT_EQ(items->findOne(eq("_id", std::string("64b000000000000000000a04")))->get<int>("version"), 2);
    EXPECT_TRUE(items->findOneAndUpdate(*eq("_id", std::string("missing")), update).isNull());
}

TEST_F(MongoClientTest, DeleteOneAndMany) {
    insertTen();
    EXPECT_EQ(items->deleteOne(*eq("_id", std::string("64b000000000000000000a00"))), 1);
    EXPECT_EQ(items->deleteOne(*eq("_id", std::string("64b000000000000000000a00"))), 0);
    EXPECT_EQ(items->deleteOne(*eq("searchWords", std::string("odd"))), 1);
    EXPECT_EQ(items->deleteMany(*eq("searchWords", std::string("odd"))), 4);
    EXPECT_EQ(items->countDocuments(), 4);
}

TEST_F(MongoClientTest, DuplicateIdIsADuplicateKeyError) {
    items->insertOne(*product("same", "a", 1, 1, {}));
    try {
        items->insertOne(*product("same", "b", 2, 2, {}));
        FAIL() << "duplicate _id accepted";
    } catch (const DuplicateKeyError& e) {
        EXPECT_EQ(e.code(), 11000);
        EXPECT_NE(e.errmsg().find("E11000"), std::string::npos);
    }
    EXPECT_EQ(items->findOne(eq("_id", std::string("same")))->get<std::string>("name"), "a");
}

TEST_F(MongoClientTest, UniqueIndexIsEnforced) {
    Document::Ptr sku = eq("sku", 1);
    items->createIndexes({IndexSpec{sku, true, ""}, IndexSpec{eq("createdAt", -1), false, ""}});
    items->createIndexes({IndexSpec{sku, true, ""}}); // the same again is fine
    Document a;
    a.add("_id", std::string("a")).add("sku", std::string("S-1"));
    items->insertOne(a);
    Document b;
    b.add("_id", std::string("b")).add("sku", std::string("S-1"));
    EXPECT_THROW(items->insertOne(b), DuplicateKeyError);
    Document c;
    c.add("_id", std::string("c")).add("sku", std::string("S-2"));
    items->insertOne(c);
    Document clash;
    clash.addNewDocument("$set").add("sku", std::string("S-1"));
    EXPECT_THROW(items->findOneAndUpdate(*eq("_id", std::string("c")), clash), DuplicateKeyError);
    EXPECT_THROW(items->updateOne(*eq("_id", std::string("c")), clash), DuplicateKeyError);
    EXPECT_EQ(defaultIndexName(*eq("createdAt", -1)), "createdAt_-1");
}

TEST_F(MongoClientTest, AggregatePipeline) {
    insertTen();
    Document::Ptr match = makeDocument();
    match->add("$match", eq("searchWords", std::string("even")));
    Document::Ptr sort = makeDocument();
    sort->add("$sort", eq("price", -1));
    Document::Ptr limit = makeDocument();
    limit->add("$limit", 2);
    EXPECT_EQ(idsOf(items->aggregate({match, sort, limit}, 1)),
              (std::vector<std::string>{"64b000000000000000000a08", "64b000000000000000000a06"}));
}

TEST_F(MongoClientTest, ServerErrorsAreTypedCommandErrors) {
    auto lease = pool->borrow();
    Document nope;
    nope.add("noSuchCommand", 1);
    try {
        lease->runCommand(pool->database(), nope);
        FAIL() << "unknown command accepted";
    } catch (const DuplicateKeyError&) {
        FAIL() << "wrong type";
    } catch (const CommandError& e) {
        EXPECT_EQ(e.code(), 59);
        EXPECT_EQ(e.codeName(), "CommandNotFound");
    }
    EXPECT_FALSE(lease->broken()); // a refused command leaves the connection usable
    Document ping;
    ping.add("ping", 1);
    EXPECT_NO_THROW(lease->runCommand("admin", ping));
}

TEST_F(MongoClientTest, KillCursorsEndsAnOpenCursor) {
    insertTen();
    auto lease = pool->borrow();
    Document find;
    find.add("find", items->name()).add("batchSize", 2);
    const Document::Ptr reply = lease->runCommand(pool->database(), find);
    const auto id = integerOf(subDocument(*reply, "cursor")->get("id"));
    ASSERT_TRUE(id && *id != 0);
    Document kill;
    kill.add("killCursors", items->name());
    Array::Ptr ids = new Array();
    ids->add("0", static_cast<Poco::Int64>(*id));
    kill.add("cursors", ids);
    const Document::Ptr killed = lease->runCommand(pool->database(), kill);
    EXPECT_EQ(subDocument(*killed, "cursorsKilled")->size(), 1u);
    Document more;
    more.add("getMore", static_cast<Poco::Int64>(*id)).add("collection", items->name());
    try {
        lease->runCommand(pool->database(), more);
        FAIL() << "getMore on a killed cursor succeeded";
    } catch (const CommandError& e) {
        EXPECT_EQ(e.code(), 43); // CursorNotFound
    }
}

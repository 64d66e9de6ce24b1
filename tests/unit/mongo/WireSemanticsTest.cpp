#include <gtest/gtest.h>

#include "Matcher.h"
#include "Projection.h"
#include "Update.h"
#include "WireStore.h"

// Query semantics of the wire test server, checked directly (the driver check and
// the integration tests exercise them over the wire).

using namespace jollyjet::test::wire;
using jollyjet::mongo::makeDocument;

namespace {

Document::Ptr parse(std::initializer_list<std::pair<std::string, Element::Ptr>> fields) {
    Document::Ptr d = makeDocument();
    for (const auto& [name, value] : fields) d->addElement(renamed(value, name));
    return d;
}

template <class T>
Element::Ptr v(T value) {
    return new Poco::MongoDB::ConcreteElement<T>("v", value);
}

Element::Ptr s(const std::string& text) { return v<std::string>(text); }

Element::Ptr arr(std::vector<Element::Ptr> items) {
    Array::Ptr a = new Array();
    for (std::size_t i = 0; i < items.size(); ++i) a->addElement(renamed(items[i], std::to_string(i)));
    return new Poco::MongoDB::ConcreteElement<Array::Ptr>("v", a);
}

Element::Ptr obj(Document::Ptr d) { return new Poco::MongoDB::ConcreteElement<Document::Ptr>("v", d); }

} // namespace

TEST(MongoWireSemantics, EqualityNullAndArrays) {
    const auto doc = parse({{"a", v<Poco::Int32>(5)}, {"tags", arr({s("red"), s("blue")})}, {"n", v(Poco::MongoDB::NullValue(0))}});
    EXPECT_TRUE(matches(*doc, *parse({{"a", v(5.0)}})));            // 5 == 5.0
    EXPECT_TRUE(matches(*doc, *parse({{"tags", s("blue")}})));      // scalar matches an element
    EXPECT_TRUE(matches(*doc, *parse({{"tags", arr({s("red"), s("blue")})}}))); // whole array
    EXPECT_FALSE(matches(*doc, *parse({{"tags", arr({s("blue"), s("red")})}})));
    EXPECT_TRUE(matches(*doc, *parse({{"missing", v(Poco::MongoDB::NullValue(0))}}))); // null matches missing
    EXPECT_TRUE(matches(*doc, *parse({{"n", v(Poco::MongoDB::NullValue(0))}})));
    EXPECT_FALSE(matches(*doc, *parse({{"a", s("5")}})));
}

TEST(MongoWireSemantics, ComparisonsStayWithinTheirTypeBracket) {
    const auto number = parse({{"p", v<Poco::Int64>(10)}});
    const auto text = parse({{"p", s("10")}});
    const auto gte = parse({{"p", obj(parse({{"$gte", v(5.0)}, {"$lte", v<Poco::Int32>(10)}}))}});
    EXPECT_TRUE(matches(*number, *gte));
    EXPECT_FALSE(matches(*text, *gte));
    EXPECT_FALSE(matches(*parse({}), *gte));
    const auto ne = parse({{"p", obj(parse({{"$ne", v<Poco::Int32>(10)}}))}});
    EXPECT_FALSE(matches(*number, *ne));
    EXPECT_TRUE(matches(*parse({}), *ne)); // missing is "not equal"
    const auto nin = parse({{"p", obj(parse({{"$nin", arr({v<Poco::Int32>(1), v<Poco::Int32>(10)})}}))}});
    EXPECT_FALSE(matches(*number, *nin));
    const auto exists = parse({{"p", obj(parse({{"$exists", v(false)}}))}});
    EXPECT_FALSE(matches(*number, *exists));
    EXPECT_TRUE(matches(*parse({}), *exists));
}

TEST(MongoWireSemantics, InOrRegexAndUnknownOperators) {
    const auto doc = parse({{"w", arr({s("kettle"), s("red")})}, {"name", s("Red Kettle")}});
    EXPECT_TRUE(matches(*doc, *parse({{"w", obj(parse({{"$in", arr({s("blue"), s("red")})}}))}})));
    EXPECT_FALSE(matches(*doc, *parse({{"w", obj(parse({{"$in", arr({s("blue")})}}))}})));
    EXPECT_TRUE(matches(*doc, *parse({{"name", obj(parse({{"$regex", s("kett")}, {"$options", s("i")}}))}})));
    EXPECT_FALSE(matches(*doc, *parse({{"name", obj(parse({{"$regex", s("kett")}}))}})));
    EXPECT_TRUE(matches(*doc, *parse({{"$or", arr({obj(parse({{"name", s("x")}})), obj(parse({{"w", s("red")}}))})}})));
    EXPECT_THROW(matches(*doc, *parse({{"name", obj(parse({{"$bogus", v<Poco::Int32>(1)}}))}})), CommandFailure);
    EXPECT_THROW(matches(*doc, *parse({{"$where", s("1")}})), CommandFailure);
}

TEST(MongoWireSemantics, SortUsesTypeOrderThenValueAndIsStable) {
    std::vector<Document::Ptr> docs = {
        parse({{"_id", s("a")}, {"k", s("text")}}),  parse({{"_id", s("b")}, {"k", v<Poco::Int32>(2)}}),
        parse({{"_id", s("c")}}),                    parse({{"_id", s("d")}, {"k", v(1.5)}}),
        parse({{"_id", s("e")}, {"k", v(true)}}),    parse({{"_id", s("f")}, {"k", v<Poco::Int64>(2)}}),
    };
    sortDocuments(docs, *parse({{"k", v<Poco::Int32>(1)}}));
    std::string order;
    for (const auto& d : docs) order += d->get<std::string>("_id");
    EXPECT_EQ(order, "cdbfae"); // missing < numbers (1.5 < 2 == 2, stable) < string < bool
    sortDocuments(docs, *parse({{"k", v<Poco::Int32>(-1)}, {"_id", v<Poco::Int32>(-1)}}));
    order.clear();
    for (const auto& d : docs) order += d->get<std::string>("_id");
    EXPECT_EQ(order, "eafbdc");
}

TEST(MongoWireSemantics, UpdatesAndProjections) {
    const auto doc = parse({{"_id", s("x")}, {"n", v<Poco::Int32>(2147483647)}, {"d", v(1.0)}, {"gone", s("y")}});
    const auto updated = applyUpdate(*doc, *parse({{"$inc", obj(parse({{"n", v<Poco::Int32>(1)}, {"d", v<Poco::Int32>(1)}}))},
                                                   {"$set", obj(parse({{"a.b", s("deep")}}))},
                                                   {"$unset", obj(parse({{"gone", s("")}}))}}));
    EXPECT_EQ(updated->get<Poco::Int64>("n"), 2147483648LL); // int32 overflow widens
    EXPECT_DOUBLE_EQ(updated->get<double>("d"), 2.0);
    EXPECT_EQ(elementAt(*updated, "a.b").isNull(), false);
    EXPECT_TRUE(updated->get("gone").isNull());
    EXPECT_THROW(applyUpdate(*doc, *parse({{"$set", obj(parse({{"_id", s("other")}}))}})), CommandFailure);
    EXPECT_THROW(applyUpdate(*doc, *parse({{"$inc", obj(parse({{"gone", v<Poco::Int32>(1)}}))}})), CommandFailure);
    EXPECT_THROW(applyUpdate(*doc, *parse({{"$push", obj(parse({{"a", v<Poco::Int32>(1)}}))}})), CommandFailure);

    const auto included = project(*doc, *parse({{"d", v<Poco::Int32>(1)}}));
    EXPECT_EQ(included->size(), 2u); // _id and d
    const auto excluded = project(*doc, *parse({{"d", v<Poco::Int32>(0)}, {"_id", v<Poco::Int32>(0)}}));
    EXPECT_EQ(excluded->size(), 2u); // n and gone
    EXPECT_THROW(project(*doc, *parse({{"d", v<Poco::Int32>(1)}, {"n", v<Poco::Int32>(0)}})), CommandFailure);
}

TEST(MongoWireSemantics, UniqueIndexesReportTheClashingKey) {
    WireStore store;
    CollectionData& data = store.obtain("db.c");
    data.indexes.push_back(IndexInfo{"sku_1", parse({{"sku", v<Poco::Int32>(1)}}), true});
    data.documents.push_back(parse({{"_id", s("a")}, {"sku", s("S")}}));
    try {
        store.checkUnique("db.c", data, *parse({{"_id", s("b")}, {"sku", s("S")}}), -1);
        FAIL() << "clash accepted";
    } catch (const DuplicateKey& e) {
        EXPECT_EQ(e.code(), 11000);
        EXPECT_NE(std::string(e.what()).find("index: sku_1"), std::string::npos);
        EXPECT_EQ(e.keyValue->get<std::string>("sku"), "S");
    }
    EXPECT_NO_THROW(store.checkUnique("db.c", data, *parse({{"_id", s("a")}, {"sku", s("S")}}), 0)); // itself
    EXPECT_THROW(store.checkUnique("db.c", data, *parse({{"_id", s("a")}}), -1), DuplicateKey);       // _id_
}

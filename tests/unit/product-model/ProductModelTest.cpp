#include <gtest/gtest.h>

#include <limits>

#include <Poco/JSON/Parser.h>

#include "jollyjet/http/HttpError.h"
#include "model/ProductBody.h"
#include "model/ProductJson.h"
#include "model/ProductQuery.h"
#include "store/SearchWords.h"

using namespace jollyjet;
using namespace jollyjet::products;

namespace {

http::Request jsonRequest(const std::string& body) {
    http::Request r;
    r.method = "POST";
    r.headers.set("Content-Type", "application/json");
    r.body = body;
    return r;
}

std::vector<http::FieldError> errorsOf(const std::function<void()>& f, int expectedStatus = 422) {
    try {
        f();
    } catch (const http::HttpError& e) {
        EXPECT_EQ(e.status(), expectedStatus) << e.what();
        return e.errors();
    }
    ADD_FAILURE() << "no HttpError";
    return {};
}

std::string fields(const std::vector<http::FieldError>& errors) {
    std::string s;
    for (const auto& e : errors) s += e.field + "=" + e.message + ";";
    return s;
}

const char* kValid = R"({"name":"Lamp","description":"A bright desk lamp","price":19.99,"stock":5,"category":"Home"})";

} // namespace

TEST(CreateBody, AcceptsAValidProductAndIgnoresUnknownFields) {
    auto p = parseCreateBody(jsonRequest(R"({"name":"Lamp","description":"A bright desk lamp","price":19.99,"stock":5,"category":"Home","images":["https://x.test/a.png"],"colour":"red","isWishlistStatus":true})"));
    EXPECT_EQ(p.name, "Lamp");
    EXPECT_DOUBLE_EQ(p.price, 19.99);
    EXPECT_EQ(p.stock, 5);
    EXPECT_TRUE(p.isActive);
    EXPECT_EQ(p.images, std::vector<std::string>{"https://x.test/a.png"});
}

TEST(CreateBody, ReportsEveryViolatedRuleAtOnce) {
    auto errors = errorsOf([] {
        parseCreateBody(jsonRequest(R"({"name":"ab","description":"short","price":-1,"stock":1.5,"category":"","images":["not a url",3]})"));
    });
    const auto all = fields(errors);
    EXPECT_NE(all.find("body.name=Name must be at least 3 characters long"), std::string::npos) << all;
    EXPECT_NE(all.find("body.description=Description must be at least 10 characters long"), std::string::npos) << all;
    EXPECT_NE(all.find("body.price=Price must be a non-negative number"), std::string::npos) << all;
    EXPECT_NE(all.find("body.stock="), std::string::npos) << all;
    EXPECT_NE(all.find("body.category=Category is required"), std::string::npos) << all;
    EXPECT_NE(all.find("body.images.0=Invalid URL"), std::string::npos) << all;
    EXPECT_NE(all.find("body.images.1="), std::string::npos) << all;
    EXPECT_EQ(errors.size(), 7u) << all;
}

TEST(CreateBody, WrongTypesAndMissingFieldsAre422) {
    auto errors = errorsOf([] { parseCreateBody(jsonRequest(R"({"name":31,"price":"10","stock":true})")); });
    const auto all = fields(errors);
    EXPECT_NE(all.find("body.name=Invalid input: expected string, received number"), std::string::npos) << all;
    EXPECT_NE(all.find("body.price=Invalid input: expected number, received string"), std::string::npos) << all;
    EXPECT_NE(all.find("body.stock=Invalid input: expected number, received boolean"), std::string::npos) << all;
    EXPECT_NE(all.find("body.description=Invalid input: expected string, received undefined"), std::string::npos) << all;
    EXPECT_NE(all.find("body.category="), std::string::npos) << all;
}

TEST(CreateBody, NameLongerThan30IsRejectedOnCreateOnly) {
    const std::string longName(31, 'n');
    auto errors = errorsOf([&] {
        parseCreateBody(jsonRequest(R"({"name":")" + longName + R"(","description":"A bright desk lamp","price":1,"stock":1,"category":"c"})"));
    });
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].message, "Name must be at most 30 characters long");
    auto patch = parseUpdateBody(jsonRequest(R"({"name":")" + longName + "\"}"));
    EXPECT_EQ(patch.name, longName);
}

TEST(CreateBody, MalformedJsonIs400AndNonObjectIs422) {
    errorsOf([] { parseCreateBody(jsonRequest("{\"name\":")); }, 400);
    auto errors = errorsOf([] { parseCreateBody(jsonRequest("[1,2]")); });
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].field, "body");
    auto empty = errorsOf([] { parseCreateBody(jsonRequest("")); });
    ASSERT_EQ(empty.size(), 1u);
    EXPECT_EQ(empty[0].field, "body");
}

TEST(CreateBody, ABodyOfAnotherTypeIs415SayingWhatToSend) {
    for (const std::string type : {"text/plain", "application/x-www-form-urlencoded", ""}) {
        http::Request r;
        if (!type.empty()) r.headers.set("Content-Type", type);
        r.body = kValid;
        try {
            parseCreateBody(r);
            ADD_FAILURE() << type << " accepted";
        } catch (const http::HttpError& e) {
            EXPECT_EQ(e.status(), 415) << type;
            EXPECT_TRUE(e.errors().empty()) << "no per-field errors for a body that was never read";
            EXPECT_NE(std::string(e.what()).find("Content-Type: application/json"), std::string::npos) << e.what();
        }
    }
    http::Request json;
    json.headers.set("Content-Type", "application/merge-patch+json");
    json.body = kValid;
    EXPECT_NO_THROW(parseCreateBody(json)) << "+json types are JSON";
}

TEST(UpdateBody, EmptyObjectIsAnEmptyPatch) {
    EXPECT_TRUE(parseUpdateBody(jsonRequest("{}")).empty());
    auto patch = parseUpdateBody(jsonRequest(R"({"stock":7,"isWishlistStatus":false})"));
    EXPECT_EQ(patch.stock, 7);
    EXPECT_EQ(patch.isWishlistStatus, false);
    EXPECT_FALSE(patch.name.has_value());
}

TEST(WishlistBody, RequiresABoolean) {
    EXPECT_TRUE(parseWishlistBody(jsonRequest(R"({"isWishlistStatus":true})")));
    auto errors = errorsOf([] { parseWishlistBody(jsonRequest(R"({"isWishlistStatus":"yes"})")); });
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].field, "body.isWishlistStatus");
    EXPECT_EQ(errorsOf([] { parseWishlistBody(jsonRequest("{}")); }).size(), 1u);
}

TEST(JsLength, CountsUtf16CodeUnits) {
    EXPECT_EQ(jsLength("abc"), 3u);
    EXPECT_EQ(jsLength("h\xC3\xA9"), 2u);         // é: one unit
    EXPECT_EQ(jsLength("\xF0\x9F\x98\x80"), 2u);  // emoji: a surrogate pair
}

TEST(Url, AbsoluteUrlsOnly) {
    EXPECT_TRUE(isAbsoluteUrl("https://cdn.test/x.png"));
    EXPECT_TRUE(isAbsoluteUrl("ftp://host/file"));
    EXPECT_FALSE(isAbsoluteUrl("/relative/x.png"));
    EXPECT_FALSE(isAbsoluteUrl("https://"));
    EXPECT_FALSE(isAbsoluteUrl("https:/x"));
    EXPECT_FALSE(isAbsoluteUrl("not a url"));
}

TEST(ProductJson, RoundTripsAndAppliesEffectiveStock) {
    Product p;
    p.id = "0123456789abcdef01234567";
    p.name = "Lamp \"X\"";
    p.description = "A bright desk lamp";
    p.price = 19.99;
    p.stock = 5;
    p.category = "Home";
    p.images = {"https://x.test/a.png"};
    p.isActive = false;
    p.createdAt = 1767225600123;
    p.updatedAt = 1767225600456;
    const auto stored = productJson(p, false);
    EXPECT_NE(stored.find(R"("price":19.99,"stock":5,)"), std::string::npos) << stored;
    EXPECT_NE(stored.find(R"("createdAt":"2026-01-01T00:00:00.123Z")"), std::string::npos) << stored;
    EXPECT_NE(productJson(p, true).find(R"("stock":0,)"), std::string::npos);
    auto back = productFromJson(stored);
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(*back, p);
    EXPECT_FALSE(productFromJson(R"({"props":{"name":"x"}})").has_value());
}

TEST(ProductJson, NumbersPrintAsJavaScriptDoes) {
    EXPECT_EQ(formatNumber(10), "10");
    EXPECT_EQ(formatNumber(19.99), "19.99");
    EXPECT_EQ(formatNumber(0.1 + 0.2), "0.30000000000000004");
}

TEST(ListQuery, DefaultsAndAnEmptyLimit) {
    auto q = parseListQuery(http::Params::parseQuery(""));
    EXPECT_EQ(q.page, 1);
    EXPECT_EQ(q.limit, 10);
    auto empty = parseListQuery(http::Params::parseQuery("page=2&limit="));
    EXPECT_EQ(empty.page, 2);
    EXPECT_EQ(empty.limit, 10);
}

TEST(ListQuery, IntegersAreParsedStrictly) {
    for (const std::string query : {"page=2abc", "page=1e9", "page=99999999999999999999", "page=1000001",
                                    "page=%201", "page=+1", "page=1.0", "limit=1e2", "limit=10abc"}) {
        try {
            parseListQuery(http::Params::parseQuery(query));
            ADD_FAILURE() << query << " was accepted";
        } catch (const http::HttpError& e) {
            EXPECT_EQ(e.status(), 400) << query;
        }
    }
    EXPECT_EQ(parseListQuery(http::Params::parseQuery("page=1000000")).page, 1000000);
    EXPECT_EQ(strictParseInt("42", 100), 42);
    EXPECT_EQ(strictParseInt("-3", 100), -3);
    EXPECT_EQ(strictParseInt("101", 100), std::nullopt);
    EXPECT_EQ(strictParseInt("", 100), std::nullopt);
}

TEST(ListQuery, WishlistClampsRangesButRefusesNonNumbers) {
    auto clamped = parseWishlistQuery(http::Params::parseQuery("page=-5&limit=1000"));
    EXPECT_EQ(clamped.page, 1);
    EXPECT_EQ(clamped.limit, 100);
    for (const std::string query : {"page=x", "limit=y", "page=1e9", "page=99999999999999999999"}) {
        try {
            parseWishlistQuery(http::Params::parseQuery(query));
            ADD_FAILURE() << query << " was accepted";
        } catch (const http::HttpError& e) {
            EXPECT_EQ(e.status(), 400) << query;
        }
    }
}

TEST(ListQuery, InvalidValuesGive400WithTheRuleMessage) {
    auto message = [](const std::string& query) {
        try {
            parseListQuery(http::Params::parseQuery(query));
        } catch (const http::HttpError& e) {
            EXPECT_EQ(e.status(), 400);
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    EXPECT_EQ(message("page=0"), "Page must be a positive integer");
    EXPECT_EQ(message("page=abc"), "Page must be a positive integer");
    EXPECT_EQ(message("page=1&page=2"), "Page must be a positive integer");
    EXPECT_EQ(message("limit=101"), "Limit must be a positive integer between 1 and 100");
    EXPECT_EQ(message("limit=0"), "Limit must be a positive integer between 1 and 100");
    const std::string price = "Price range must be valid JSON with min and max as non-negative numbers, min <= max";
    EXPECT_EQ(message("priceRange=nope"), price);
    EXPECT_EQ(message("priceRange=%7B%22min%22%3A5%2C%22max%22%3A1%7D"), price);
    EXPECT_EQ(message("priceRange=%7B%22min%22%3A-1%2C%22max%22%3A1%7D"), price);
    EXPECT_EQ(message("priceRange=%7B%22min%22%3A1%2C%22max%22%3A5%7D"), "accepted");
}

TEST(ListQuery, BooleansAreExactlyTrueOrFalse) {
    auto q = parseListQuery(http::Params::parseQuery("isActive=false&isWishlistStatus=true"));
    EXPECT_EQ(q.filter.isActive, false);
    EXPECT_EQ(q.filter.isWishlistStatus, true);
    for (const std::string query : {"isActive=1", "isActive=TRUE", "isActive=maybe", "isActive=",
                                    "isWishlistStatus=maybe", "isWishlistStatus=0"}) {
        try {
            parseListQuery(http::Params::parseQuery(query));
            ADD_FAILURE() << query << " was accepted";
        } catch (const http::HttpError& e) {
            EXPECT_EQ(e.status(), 400) << query;
            const std::string name = query.substr(0, query.find('='));
            EXPECT_EQ(std::string(e.what()), name + " must be true or false");
        }
    }
}

TEST(ListQuery, CanonicalKeyIgnoresParameterOrder) {
    auto a = parseListQuery(http::Params::parseQuery("category=Home&page=2&search=red%20lamp&isActive=true"));
    auto b = parseListQuery(http::Params::parseQuery("isActive=true&search=Lamp+RED&page=2&category=Home"));
    EXPECT_EQ(canonicalList(a), canonicalList(b));
    auto c = parseListQuery(http::Params::parseQuery("category=Home&page=3"));
    EXPECT_NE(canonicalList(a), canonicalList(c));
    for (char ch : canonicalList(a)) EXPECT_FALSE(ch == ' ' || ch == '*' || ch == '?') << canonicalList(a);
}

TEST(WishlistQuery, ClampsAndDefaults) {
    auto q = parseWishlistQuery(http::Params::parseQuery("page=-3&limit=500"));
    EXPECT_EQ(q.page, 1);
    EXPECT_EQ(q.limit, 100);
    auto d = parseWishlistQuery(http::Params::parseQuery("page=&limit="));
    EXPECT_EQ(d.page, 1);
    EXPECT_EQ(d.limit, 10);
    EXPECT_EQ(d.filter.isWishlistStatus, true);
}

TEST(SearchWords, SplitsLowercasesAndDeduplicates) {
    EXPECT_EQ(searchWords("Red lamp, RED desk-lamp! 100%"),
              (std::vector<std::string>{"red", "lamp", "desk", "100"}));
    EXPECT_EQ(searchWords("caf\xC3\xA9 au lait"), (std::vector<std::string>{"caf\xC3\xA9", "au", "lait"}));
    EXPECT_TRUE(searchWords("%_*").empty());
    EXPECT_EQ(searchWords("\xC3\x89" "clair"), searchWords("\xC3\xA9" "clair")) << "Unicode case folding";
}

TEST(ResultWindow, PagesEndingInsideTheWindowPassDeeperOnesAre400) {
    ListQuery q;
    q.page = 1000;
    q.limit = 10;
    EXPECT_NO_THROW(checkResultWindow(q, 10000));
    q.page = 1001;
    try {
        checkResultWindow(q, 10000);
        ADD_FAILURE() << "no HttpError";
    } catch (const http::HttpError& e) {
        EXPECT_EQ(e.status(), 400);
        EXPECT_NE(std::string(e.what()).find("at most 10000"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("Narrow the query"), std::string::npos) << e.what();
    }
    // The largest page the parser lets through cannot overflow the product.
    auto huge = parseListQuery(http::Params::parseQuery("page=" + std::to_string(kMaxPage) + "&limit=100"));
    EXPECT_THROW(checkResultWindow(huge, 10000), http::HttpError);
    EXPECT_NO_THROW(checkResultWindow(huge, std::numeric_limits<std::int64_t>::max() / 2));
}

TEST(ImportedObject, KeepsStatesAStoredProductMayHave) {
    auto object = Poco::JSON::Parser()
                      .parse(R"({"name":"A very long product name that PUT allows to exist",
                                 "description":"Long enough description","price":0,"stock":0,
                                 "category":"C","isActive":false,"isWishlistStatus":true,"wishlistCount":3})")
                      .extract<Poco::JSON::Object::Ptr>();
    const auto fields = parseImportedObject(object);
    EXPECT_FALSE(fields.product.isActive);
    EXPECT_EQ(fields.product.stock, 0);
    EXPECT_TRUE(fields.isWishlistStatus);
    EXPECT_EQ(fields.wishlistCount, 3);
    auto bad = Poco::JSON::Parser()
                   .parse(R"({"name":"ab","description":"short","price":-1,"stock":1,"category":"C","wishlistCount":1.5})")
                   .extract<Poco::JSON::Object::Ptr>();
    EXPECT_EQ(errorsOf([&] { parseImportedObject(bad); }).size(), 4u);
}

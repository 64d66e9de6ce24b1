#include <gtest/gtest.h>

#include "jollyjet/http/Exchange.h"
#include "jollyjet/http/Json.h"

using jollyjet::http::Params;

TEST(Params, ParsesAndDecodesQuery) {
    auto p = Params::parseQuery("category=Home%20Goods&search=a+b&empty=&flag&x=%zz");
    EXPECT_EQ(p.get("category"), "Home Goods");
    EXPECT_EQ(p.get("search"), "a b");
    EXPECT_EQ(p.get("empty"), "");
    EXPECT_EQ(p.get("flag"), "");
    EXPECT_EQ(p.get("x"), "%zz");
    EXPECT_FALSE(p.get("missing").has_value());
}

TEST(Params, KeepsRepeatedNamesInOrder) {
    auto p = Params::parseQuery("page=1&page=2");
    EXPECT_EQ(p.count("page"), 2u);
    EXPECT_EQ(p.get("page"), "1");
    ASSERT_EQ(p.items().size(), 2u);
    EXPECT_EQ(p.items()[1].second, "2");
}

TEST(Json, ErrorBodyEscapesAndListsFieldErrors) {
    EXPECT_EQ(jollyjet::http::errorBody("a \"b\"\n"), R"({"status":"error","message":"a \"b\"\n"})");
    EXPECT_EQ(jollyjet::http::errorBody("Validation error", {{"body.price", "bad"}, {"body.name", "short"}}),
              R"({"status":"error","message":"Validation error","errors":[{"field":"body.price","message":"bad"},{"field":"body.name","message":"short"}]})");
}

TEST(Json, QuotesControlCharacters) {
    std::string out;
    jollyjet::http::appendQuoted(out, std::string("a\x01z", 3));
    EXPECT_EQ(out, "\"a\\u0001z\"");
}

TEST(Json, IsoNowHasMillisecondsAndZ) {
    const auto now = jollyjet::http::isoNow();
    ASSERT_EQ(now.size(), 24u) << now;
    EXPECT_EQ(now[10], 'T');
    EXPECT_EQ(now[19], '.');
    EXPECT_EQ(now.back(), 'Z');
}

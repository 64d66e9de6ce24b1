// One line of an import file: the shapes it accepts (the API's product, the
// reference application's mongoexport) and the reasons it refuses a line.
#include <gtest/gtest.h>

#include "ImportLine.h"

using namespace jollyjet::products;

namespace {

constexpr std::int64_t kNow = 1767225600000; // 2026-01-01T00:00:00.000Z

std::string refusal(const std::string& line) {
    try {
        parseImportLine(line, kNow);
    } catch (const BadLine& e) {
        return e.what();
    }
    ADD_FAILURE() << "accepted: " << line;
    return {};
}

} // namespace

TEST(ImportLine, ApiShapeWithoutIdOrTimesGetsNewOnes) {
    const auto a = parseImportLine(
        R"({"name":"Desk lamp","description":"A bright desk lamp","price":19.5,"stock":3,"category":"Home"})", kNow);
    EXPECT_FALSE(a.idGiven);
    EXPECT_EQ(a.product.id.size(), 24u);
    EXPECT_EQ(a.product.createdAt, kNow);
    EXPECT_EQ(a.product.updatedAt, kNow);
    EXPECT_TRUE(a.product.isActive);
    EXPECT_EQ(a.product.wishlistCount, 0);
    const auto b = parseImportLine(
        R"({"name":"Desk lamp","description":"A bright desk lamp","price":19.5,"stock":3,"category":"Home"})", kNow);
    EXPECT_NE(a.product.id, b.product.id);
}

TEST(ImportLine, ApiOutputKeepsItsIdAndIsoTimes) {
    const auto p = parseImportLine(
        R"({"id":"65A1B2C3D4E5F6A7B8C9D0E1","name":"Chair","description":"A wooden chair","price":5,"stock":1,)"
        R"("category":"Home","createdAt":"2024-01-02T03:04:05.678Z","updatedAt":"2024-02-02T03:04:05.678Z"})",
        kNow);
    EXPECT_TRUE(p.idGiven);
    EXPECT_EQ(p.product.id, "65a1b2c3d4e5f6a7b8c9d0e1");
    EXPECT_EQ(p.product.createdAt, 1704164645678);
    EXPECT_EQ(p.product.updatedAt, 1706843045678);
}

TEST(ImportLine, MongoexportWrappersAreUnwrapped) {
    const auto p = parseImportLine(
        R"({"_id":{"$oid":"6650f1a2b3c4d5e6f7a8b9c1"},"name":"Lamp","description":"Tall lamp with a shade",)"
        R"("price":{"$numberDecimal":"74.50"},"stock":{"$numberLong":"12"},"category":"Home",)"
        R"("isWishlistStatus":true,"createdAt":{"$date":{"$numberLong":"1716500000000"}},)"
        R"("updatedAt":{"$date":1716500000001},"__v":0,"searchWords":["ignored"]})",
        kNow);
    EXPECT_EQ(p.product.id, "6650f1a2b3c4d5e6f7a8b9c1");
    EXPECT_EQ(p.product.price, 74.5);
    EXPECT_EQ(p.product.stock, 12);
    EXPECT_TRUE(p.product.isWishlistStatus);
    EXPECT_EQ(p.product.wishlistCount, 1) << "as PATCH sets it";
    EXPECT_EQ(p.product.createdAt, 1716500000000);
    EXPECT_EQ(p.product.updatedAt, 1716500000001);
}

TEST(ImportLine, RefusalsSayWhy) {
    const std::string fields = R"("name":"Lamp","description":"A long enough text","price":1,"stock":1,"category":"C")";
    EXPECT_NE(refusal("{").find("not valid JSON"), std::string::npos);
    EXPECT_NE(refusal("[1]").find("expected a JSON object"), std::string::npos);
    EXPECT_NE(refusal(R"({"_id":{"$oid":"xyz"},)" + fields + "}").find("24 hexadecimal"), std::string::npos);
    EXPECT_NE(refusal(R"({"_id":{"id":"x"},)" + fields + "}").find("$oid"), std::string::npos);
    EXPECT_NE(refusal(R"({"createdAt":"yesterday",)" + fields + "}").find("createdAt: expected an ISO-8601"),
              std::string::npos);
    EXPECT_NE(refusal(R"({"createdAt":{"$date":"1960-01-01T00:00:00.000Z"},)" + fields + "}").find("outside"),
              std::string::npos);
    EXPECT_NE(refusal(R"({"name":"Lamp","description":"A long enough text","price":{"$numberDouble":"ten"},)"
                      R"("stock":1,"category":"C"})")
                  .find("$numberDouble is not a number"),
              std::string::npos);
    const auto schema = refusal(R"({"name":"Lamp","description":"short","price":"1","stock":-1,"category":"C"})");
    EXPECT_NE(schema.find("description: Description must be at least 10 characters long"), std::string::npos)
        << schema;
    EXPECT_NE(schema.find("price: Invalid input: expected number, received string"), std::string::npos) << schema;
    EXPECT_NE(schema.find("stock: Stock must be a non-negative number"), std::string::npos) << schema;
}

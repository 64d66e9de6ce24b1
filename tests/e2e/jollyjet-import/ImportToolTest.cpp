// jollyjet-import, the real binary, against the same store and Redis as a running
// jollyjetd: what it imports is served at once (the products generation is bumped
// exactly once), refused lines are reported by number and nothing of them is
// written, and a mongoexport of the reference application's catalog moves over.
#include <gtest/gtest.h>

#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Query.h>

#include "ProductStack.h"

using namespace jollyjet::test;

namespace {

Poco::Dynamic::Var at(const std::string& body, const std::string& path) {
    return Poco::JSON::Query(Poco::JSON::Parser().parse(body)).find(path);
}
std::string str(const std::string& body, const std::string& path) { return at(body, path).convert<std::string>(); }
long long num(const std::string& body, const std::string& path) { return at(body, path).convert<long long>(); }

// Two products as `mongoexport --collection products` writes them for the
// reference application (relaxed Extended JSON, mongoose's __v).
const char* kMongoexport =
    R"({"_id":{"$oid":"6650f1a2b3c4d5e6f7a8b9c0"},"name":"Wireless Mouse","description":"Ergonomic wireless mouse with USB receiver","price":25.99,"stock":150,"category":"Electronics","images":["https://example.com/mouse.jpg"],"isActive":true,"isWishlistStatus":false,"wishlistCount":0,"createdAt":{"$date":"2024-05-24T19:45:06.123Z"},"updatedAt":{"$date":"2024-05-25T08:00:00.000Z"},"__v":0}
{"_id":{"$oid":"6650f1a2b3c4d5e6f7a8b9c1"},"name":"Standing Desk Lamp","description":"Tall lamp with a linen shade","price":{"$numberDouble":"74.5"},"stock":{"$numberInt":"12"},"category":"Home","images":[],"isActive":false,"isWishlistStatus":true,"wishlistCount":1,"createdAt":{"$date":{"$numberLong":"1716500000000"}},"updatedAt":{"$date":{"$numberLong":"1716500000000"}},"__v":0}
)";

class ImportTool : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        if (GetParam() == "mongodb" && !MongoTestServer::available())
            GTEST_SKIP() << "no MongoDB wire test server in this build";
        stack = std::make_unique<ProductStack>(StackOptions{GetParam(), "redis"});
        ASSERT_TRUE(stack->start()) << stack->server().output();
        config = dir.write("import.ini", stack->ini());
    }

    CommandResult import(const std::string& content) {
        const std::string file = dir.write("products.jsonl", content);
        return runCommand({JOLLYJET_IMPORT_BINARY, "--config", config, "--batch", "2", file},
                          std::chrono::seconds(60));
    }

    // The value of the lists' tag ("products"): the tag clock when it was last retired.
    long long listsTag() {
        const std::string key = stack->redis()->cli("--scan --pattern *tag:products");
        if (key.empty()) return 0;
        return std::stoll(stack->redis()->cli("GET " + key.substr(0, key.find('\n'))));
    }

    long long total(const std::string& query = "") {
        auto r = stack->server().get("/api/products" + query);
        EXPECT_EQ(r.status, 200) << r.body;
        return num(r.body, "data.total");
    }

    std::unique_ptr<ProductStack> stack;
    TempDir dir;
    std::string config;
};

} // namespace

TEST_P(ImportTool, MongoexportIsImportedAndServedAtOnce) {
    stack->createProduct("Existing lamp", "Home", 10, 5, "An existing reading lamp");
    // Cache the list and the count before the import.
    EXPECT_EQ(total(), 1);
    EXPECT_EQ(total(), 1);
    EXPECT_EQ(num(stack->server().get("/api/products/count?search=lamp").body, "data"), 1);
    // An id the file brings, asked for before: its 404 is remembered by the cache.
    EXPECT_EQ(stack->server().get("/api/products/6650F1A2B3C4D5E6F7A8B9C0").status, 404);
    const long long before = listsTag();

    const auto r = import(kMongoexport);
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_NE(r.output.find("imported 2 of 2"), std::string::npos) << r.output;
    EXPECT_GT(listsTag(), before) << "the import retired the cached lists and counts";

    EXPECT_EQ(total(), 3);
    EXPECT_EQ(num(stack->server().get("/api/products/count?search=lamp").body, "data"), 2);
    // Imported records keep their ids, times and states; list order is createdAt.
    auto mouse = stack->server().get("/api/products/6650F1A2B3C4D5E6F7A8B9C0");
    ASSERT_EQ(mouse.status, 200) << mouse.body;
    EXPECT_EQ(str(mouse.body, "data.name"), "Wireless Mouse");
    EXPECT_EQ(str(mouse.body, "data.createdAt"), "2024-05-24T19:45:06.123Z");
    EXPECT_EQ(str(mouse.body, "data.updatedAt"), "2024-05-25T08:00:00.000Z");
    EXPECT_EQ(num(mouse.body, "data.stock"), 150);
    auto lamp = stack->server().get("/api/products/6650f1a2b3c4d5e6f7a8b9c1");
    ASSERT_EQ(lamp.status, 200) << lamp.body;
    EXPECT_EQ(at(lamp.body, "data.price").convert<double>(), 74.5);
    EXPECT_EQ(num(lamp.body, "data.stock"), 0) << "inactive: effective stock 0";
    EXPECT_EQ(at(lamp.body, "data.isWishlistStatus").convert<bool>(), true);
    auto list = stack->server().get("/api/products?limit=3");
    EXPECT_EQ(str(list.body, "data.products[0].id"), "6650f1a2b3c4d5e6f7a8b9c1");
    EXPECT_EQ(str(list.body, "data.products[1].id"), "6650f1a2b3c4d5e6f7a8b9c0");
    EXPECT_EQ(str(list.body, "data.products[2].name"), "Existing lamp");
    auto wishlist = stack->server().get("/api/products/wishlist");
    EXPECT_EQ(num(wishlist.body, "data.total"), 1);
}

TEST_P(ImportTool, RefusedLinesAreReportedByNumberAndNotWritten) {
    const std::string existing = stack->createProduct("Existing chair", "Home", 10, 5, "An existing office chair");
    const long long before = listsTag();
    const std::string file =
        R"({"name":"Good one","description":"The first good product","price":1,"stock":1,"category":"A"})"
        "\n"
        R"({"name":"Broken","description":)"
        "\n"
        R"({"name":"Bad price","description":"A product with a text price","price":"10","stock":1,"category":"A"})"
        "\n"
        R"({"id":")" + existing + R"(","name":"Same id","description":"Collides with a stored product","price":1,"stock":1,"category":"A"})"
        "\n\n"
        R"({"name":"Good two","description":"The second good product","price":2,"stock":2,"category":"A","createdAt":"2023-01-01T00:00:00.000Z"})"
        "\n"
        R"({"name":"Bad url","description":"An image that is not a URL","price":1,"stock":1,"category":"A","images":["nope"]})"
        "\n";
    const auto r = import(file);
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_NE(r.output.find("line 2: not valid JSON"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("line 3: Validation error; price: Invalid input: expected number, received string"),
              std::string::npos)
        << r.output;
    EXPECT_NE(r.output.find("line 4: id " + existing + " is already in the store"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("line 7: Validation error; images.0: Invalid URL"), std::string::npos) << r.output;
    EXPECT_EQ(r.output.find("line 5"), std::string::npos) << "empty lines are skipped";
    EXPECT_NE(r.output.find("imported 2 of 6"), std::string::npos) << r.output;
    EXPECT_GT(listsTag(), before);

    EXPECT_EQ(total(), 3);
    EXPECT_EQ(total("?category=A"), 2);
    EXPECT_EQ(total("?search=text"), 0) << "nothing of a refused line is written";
    EXPECT_EQ(str(stack->server().get("/api/products/" + existing).body, "data.name"), "Existing chair");
    // The line with a createdAt in the past lists first.
    EXPECT_EQ(str(stack->server().get("/api/products?limit=1").body, "data.products[0].name"), "Good two");
}

TEST_P(ImportTool, NothingImportedBumpsNothing) {
    const long long before = listsTag();
    const auto r = import("[1,2,3]\n{\"name\":\"No\"}\n");
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_NE(r.output.find("line 1: expected a JSON object"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("line 2: Validation error"), std::string::npos) << r.output;
    EXPECT_EQ(listsTag(), before);
    EXPECT_EQ(total(), 0);
}

TEST_P(ImportTool, MissingInputOrConfigFailsClearly) {
    auto r = runCommand({JOLLYJET_IMPORT_BINARY, "--config", config, dir.path() + "/none.jsonl"});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.output.find("cannot read"), std::string::npos) << r.output;
    r = runCommand({JOLLYJET_IMPORT_BINARY, "--config", dir.path() + "/none.ini", "x.jsonl"});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.output.find("none.ini"), std::string::npos) << r.output;
}

INSTANTIATE_TEST_SUITE_P(Stores, ImportTool, ::testing::Values("sqlite", "mongodb"),
                         [](const auto& info) { return info.param; });

#include <gtest/gtest.h>

#include "jollyjet/http/Filter.h"
#include "jollyjet/http/Router.h"

using namespace jollyjet::http;

namespace {

Exchange makeExchange(const std::string& method, const std::string& path) {
    Exchange ex;
    ex.request.method = method;
    ex.request.path = path;
    return ex;
}

class RouterTest : public ::testing::Test {
protected:
    void SetUp() override {
        router.add("GET", "/api/products/:id", [this](Exchange& ex) {
            hit = "item:" + ex.request.pathParams.get("id").value_or("?");
        });
        router.add("PUT", "/api/products/:id", [this](Exchange&) { hit = "put"; });
        router.add("GET", "/api/products/count", [this](Exchange&) { hit = "count"; });
        router.add("GET", "/api/products", [this](Exchange&) { hit = "list"; });
    }
    Router router;
    std::string hit;
};

} // namespace

TEST_F(RouterTest, LiteralSegmentBeatsParameterWhateverTheOrder) {
    auto ex = makeExchange("GET", "/api/products/count");
    router.dispatch(ex);
    EXPECT_EQ(hit, "count");
    EXPECT_EQ(ex.route, "/api/products/count");
}

TEST_F(RouterTest, ParameterIsHandedToTheHandler) {
    auto ex = makeExchange("GET", "/api/products/abc123");
    router.dispatch(ex);
    EXPECT_EQ(hit, "item:abc123");
    EXPECT_EQ(ex.route, "/api/products/:id");
}

TEST_F(RouterTest, EmptySegmentMatchesNoParameter) {
    auto ex = makeExchange("PUT", "/api/products/");
    router.dispatch(ex);
    EXPECT_EQ(hit, "");
    EXPECT_EQ(ex.response.status, 404);
    EXPECT_EQ(ex.response.body, R"({"status":"error","message":"Route not found"})");
}

TEST_F(RouterTest, WrongMethodGets405WithAllow) {
    auto ex = makeExchange("DELETE", "/api/products/count");
    router.dispatch(ex);
    EXPECT_EQ(ex.response.status, 405);
    EXPECT_EQ(ex.response.headers.get("Allow"), "GET, HEAD, OPTIONS");
    auto ex2 = makeExchange("POST", "/api/products/42");
    router.dispatch(ex2);
    EXPECT_EQ(ex2.response.status, 405);
    EXPECT_EQ(ex2.response.headers.get("Allow"), "GET, HEAD, PUT, OPTIONS");
}

TEST_F(RouterTest, OptionsOnAKnownRouteAnswers204WithAllow) {
    auto ex = makeExchange("OPTIONS", "/api/products/42");
    router.dispatch(ex);
    EXPECT_EQ(ex.response.status, 204);
    EXPECT_EQ(ex.response.body, "");
    EXPECT_EQ(ex.response.headers.get("Allow"), "GET, HEAD, PUT, OPTIONS");
    EXPECT_EQ(hit, "");
}

TEST_F(RouterTest, OptionsOnAnUnknownPathIs404) {
    auto ex = makeExchange("OPTIONS", "/nowhere");
    router.dispatch(ex);
    EXPECT_EQ(ex.response.status, 404);
}

TEST_F(RouterTest, HeadIsRoutedAsGet) {
    auto ex = makeExchange("HEAD", "/api/products");
    router.dispatch(ex);
    EXPECT_EQ(hit, "list");
}

TEST_F(RouterTest, DuplicateRouteIsRefused) {
    EXPECT_THROW(router.add("GET", "/api/products", [](Exchange&) {}), std::logic_error);
}

TEST(SplitPath, KeepsTrailingEmptySegment) {
    EXPECT_EQ(splitPath("/a/b/"), (std::vector<std::string>{"a", "b", ""}));
    EXPECT_EQ(splitPath("/"), (std::vector<std::string>{""}));
}

namespace {
class RecordingFilter : public Filter {
public:
    RecordingFilter(std::string name, int priority, std::vector<std::string>& log, bool answer = false)
        : name_(std::move(name)), priority_(priority), log_(log), answer_(answer) {}
    std::string name() const override { return name_; }
    int priority() const override { return priority_; }
    void handle(Exchange& ex, const Next& next) override {
        log_.push_back("before " + name_);
        if (answer_) {
            ex.response.set(200, "from " + name_);
        } else {
            next(ex);
        }
        log_.push_back("after " + name_);
    }

private:
    std::string name_;
    int priority_;
    std::vector<std::string>& log_;
    bool answer_;
};
} // namespace

TEST(FilterChain, RunsInPriorityOrderAroundTheRouter) {
    Router router;
    std::vector<std::string> log;
    router.add("GET", "/x", [&](Exchange& ex) {
        log.push_back("handler");
        ex.response.set(200, "handler");
    });
    FilterChain chain(router);
    chain.add(std::make_shared<RecordingFilter>("cache", 300, log));
    chain.add(std::make_shared<RecordingFilter>("timing", 100, log));
    chain.add(std::make_shared<RecordingFilter>("metrics", 200, log));
    auto ex = makeExchange("GET", "/x");
    chain.run(ex);
    EXPECT_EQ(log, (std::vector<std::string>{"before timing", "before metrics", "before cache",
                                             "handler", "after cache", "after metrics",
                                             "after timing"}));
    EXPECT_EQ(chain.names(), (std::vector<std::string>{"timing", "metrics", "cache"}));
}

TEST(FilterChain, AFilterCanAnswerWithoutTheHandler) {
    Router router;
    bool handlerRan = false;
    router.add("GET", "/x", [&](Exchange&) { handlerRan = true; });
    std::vector<std::string> log;
    FilterChain chain(router);
    chain.add(std::make_shared<RecordingFilter>("cache", 300, log, true));
    auto ex = makeExchange("GET", "/x");
    chain.run(ex);
    EXPECT_FALSE(handlerRan);
    EXPECT_EQ(ex.response.body, "from cache");
}

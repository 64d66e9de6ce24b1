// Malformed and hostile requests: each gets a 4xx or a closed connection, the
// server keeps serving, and its memory does not grow without bound.
#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include <Poco/Net/StreamSocket.h>

#include "FaultEnv.h"
#include "ProductStack.h"

using namespace jollyjet::test;

namespace {

int statusOf(const std::string& reply) {
    if (reply.rfind("HTTP/1.", 0) != 0 || reply.size() < 12) return 0; // closed or no HTTP answer
    return std::stoi(reply.substr(9, 3));
}

std::string post(const std::string& target, const std::string& body,
                 const std::string& type = "application/json") {
    return "POST " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: " + type +
           "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

std::string get(const std::string& target) { return "GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"; }

const std::string kValidFields = R"("description":"A perfectly fine product","stock":1,"category":"X")";

struct Case {
    std::string name;
    std::string bytes;
    /// A few inputs are odd but valid by the contract (a NUL
    /// inside a category name): they get a normal 200 JSON answer.
    bool validByContract = false;
};

std::vector<Case> cases(const std::string& id) {
    std::vector<Case> c;
    c.push_back({"garbage request line", "GARBAGE\r\n\r\n"});
    c.push_back({"no version", "GET /health\r\n\r\n"});
    c.push_back({"bad version", "GET /health HTTP/9.9\r\nHost: x\r\nConnection: close\r\n\r\n"});
    c.push_back({"huge header", "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Big: " + std::string(200000, 'a') + "\r\n\r\n"});
    {
        std::string many = "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n";
        for (int i = 0; i < 2000; ++i) many += "X-H" + std::to_string(i) + ": v\r\n";
        c.push_back({"many headers", many + "\r\n"});
    }
    c.push_back({"huge uri", get("/api/products?search=" + std::string(100000, 'q'))});
    c.push_back({"invalid utf-8 in body", post("/api/products", "{\"name\":\"\xff\xfe\xfd\",\"price\":1," + kValidFields + "}")});
    c.push_back({"invalid utf-8 in path", get("/api/products/%ff%fe")});
    c.push_back({"deeply nested json", post("/api/products", std::string(5000, '[') + std::string(5000, ']'))});
    c.push_back({"deeply nested object", post("/api/products", "{\"a\":" + std::string(3000, '{') + std::string(3000, '}') + "}")});
    c.push_back({"price out of range", post("/api/products", "{\"name\":\"Lamp\",\"price\":1e400," + kValidFields + "}")});
    c.push_back({"stock out of range", post("/api/products", "{\"name\":\"Lamp\",\"price\":1,\"description\":\"A perfectly fine product\",\"stock\":1e30,\"category\":\"X\"}")});
    c.push_back({"huge integer", post("/api/products", "{\"name\":\"Lamp\",\"price\":123456789012345678901234567890," + kValidFields + "}")});
    c.push_back({"negative page", get("/api/products?page=-1")});
    // Past store.maxResultWindow a page is a 400; its last page is served.
    c.push_back({"huge page", get("/api/products?page=99999999999999999999999")});
    c.push_back({"last page of the result window", get("/api/products?page=1000&limit=10"), true});
    c.push_back({"huge limit", get("/api/products?limit=99999999999")});
    c.push_back({"nan price range", get("/api/products?priceRange=%7B%22min%22%3ANaN%2C%22max%22%3A1%7D")});
    c.push_back({"path traversal", get("/api/products/../../etc/passwd")});
    c.push_back({"encoded traversal", get("/api/products/%2e%2e%2f%2e%2e%2fetc%2fpasswd")});
    c.push_back({"nul in id", get("/api/products/%00")});
    c.push_back({"nul in query", get("/api/products?category=a%00b"), true});
    c.push_back({"nul in body", post("/api/products/" + id + "/wishlist", std::string("{\"isWishlistStatus\":tr\0ue}", 25))});
    c.push_back({"wrong content length", "POST /api/products HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: -5\r\n\r\n"});
    c.push_back({"bad chunked", "POST /api/products HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"});
    c.push_back({"json array body", post("/api/products", "[1,2,3]")});
    c.push_back({"json string body", post("/api/products", "\"text\"")});
    c.push_back({"empty json body", post("/api/products", "")});
    c.push_back({"form body", post("/api/products", "name=x&price=1", "application/x-www-form-urlencoded")});
    c.push_back({"unknown method", "BREW /api/products HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"});
    return c;
}

} // namespace

TEST(BadInput, EveryMalformedRequestGets4xxOrACloseAndTheServerKeepsServing) {
    ProductStack stack({"sqlite", "memory", "timing, product-repository", "[server]\nheaderTimeoutMs = 1500\nbodyTimeoutMs = 1500\n"});
    ASSERT_TRUE(stack.start()) << stack.server().output();
    const int port = stack.server().port();
    const auto id = stack.createProduct("Sturdy Lamp");
    const pid_t pid = stack.server().process().pid();

    int tried = 0;
    const auto all = cases(id);
    for (const auto& c : all) {
        const auto t0 = std::chrono::steady_clock::now();
        const auto reply = rawRequest(port, c.bytes, 3000);
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
        const int status = statusOf(reply);
        if (c.validByContract) {
            EXPECT_EQ(status, 200) << c.name << ": " << reply.substr(0, 200);
            EXPECT_NE(reply.find(R"("status":"success")"), std::string::npos) << c.name;
        } else {
            // 505 is the answer to an HTTP version other than 1.0 and 1.1.
            EXPECT_TRUE(status == 0 || (status >= 400 && status < 500) || status == 505)
                << c.name << ": " << reply.substr(0, 200);
        }
        if (ms > 1000) std::cout << "[ faults ] " << c.name << " took " << ms << " ms (status " << status << ")\n";
        EXPECT_EQ(httpRequest(port, "GET", "/health").status, 200) << "after " << c.name;
        ++tried;
    }
    // Nothing was stored by any of them.
    EXPECT_EQ(jsonString(httpRequest(port, "GET", "/api/products/count").body, "data"), "1");

    // Repeat the whole set many times: memory must settle, not grow per request.
    const long before = residentKb(pid);
    const auto deadline = std::chrono::steady_clock::now() + faultDuration(2.0);
    int rounds = 0;
    while (std::chrono::steady_clock::now() < deadline) {
        for (const auto& c : all) {
            rawRequest(port, c.bytes, 3000);
            ++tried;
        }
        ++rounds;
    }
    const long after = residentKb(pid);
    EXPECT_LT(after - before, 32 * 1024) << "resident memory grew from " << before << " to " << after << " KiB";
    EXPECT_EQ(httpRequest(port, "GET", "/api/products/" + id).status, 200);
    std::cout << "[ faults ] bad input: " << tried << " malformed requests (" << all.size() << " kinds, " << rounds
              << " rounds), RSS " << before << " -> " << after << " KiB\n";
}

TEST(BadInput, SlowClientsAreCutOffAndDoNotBlockOthers) {
    ProductStack stack({"sqlite", "memory", "timing, product-repository", "[server]\nheaderTimeoutMs = 1000\n"});
    ASSERT_TRUE(stack.start()) << stack.server().output();
    const int port = stack.server().port();
    std::vector<std::unique_ptr<Poco::Net::StreamSocket>> slow;
    for (int i = 0; i < 50; ++i) {
        auto s = std::make_unique<Poco::Net::StreamSocket>();
        s->connect(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port)));
        s->sendBytes("GET /api/pro", 12); // and never more
        slow.push_back(std::move(s));
    }
    EXPECT_EQ(httpRequest(port, "GET", "/health").status, 200) << "others are served meanwhile";
    // Each slow connection is closed by the server after the receive timeout.
    int closed = 0;
    for (auto& s : slow) {
        s->setReceiveTimeout(Poco::Timespan(5, 0));
        char buffer[256];
        try {
            const int n = s->receiveBytes(buffer, sizeof buffer);
            if (n == 0 || std::string(buffer, static_cast<std::size_t>(std::max(n, 0))).find(" 408") != std::string::npos ||
                std::string(buffer, static_cast<std::size_t>(std::max(n, 0))).find(" 400") != std::string::npos)
                ++closed;
        } catch (const Poco::Exception&) {
            ++closed; // reset counts as closed
        }
    }
    EXPECT_EQ(closed, 50);
    EXPECT_EQ(httpRequest(port, "GET", "/health").status, 200);
}

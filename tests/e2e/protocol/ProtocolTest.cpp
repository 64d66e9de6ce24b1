// The HTTP/1.1 front end as a client sees it, over raw sockets: request smuggling
// and desync attempts, pipelining, HTTP/1.0, HEAD, OPTIONS, 100-continue, the size
// limits, versions, Host, the fast path, the access log and the port check.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "Jollyjetd.h"
#include "PluginFolder.h"
#include "RawConnection.h"

using namespace jollyjet::test;

namespace {

class Protocol : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        plugins_ = new PluginFolder;
        server_ = new Jollyjetd("[plugins]\npath = " + plugins_->path() +
                                "\nenabled = timing, frontend-probe\n[logging]\nlevel = warn\n"
                                "[cache]\nbackend = memory\n[server]\nmaxBodyBytes = 1000\n");
        ASSERT_TRUE(server_->start()) << server_->output();
    }
    static void TearDownTestSuite() {
        delete server_;
        delete plugins_;
    }
    static int port() { return server_->port(); }

    /// Sends `bytes` on a new connection; returns what came back before the server
    /// closed it (and expects that it did).
    static std::string sendExpectingClose(const std::string& bytes) {
        RawConnection c(port());
        c.send(bytes);
        auto reply = c.readUntilClose(3000);
        EXPECT_TRUE(c.closedByServer()) << "connection left open after: " << reply.substr(0, 200);
        return reply;
    }

    static PluginFolder* plugins_;
    static Jollyjetd* server_;
};
PluginFolder* Protocol::plugins_ = nullptr;
Jollyjetd* Protocol::server_ = nullptr;

// A request that must never be answered: it hides behind a smuggling attempt.
const std::string kHidden = "GET /api/health/live HTTP/1.1\r\nHost: x\r\n\r\n";

void expectRefusedAlone(const std::string& reply, int status, const std::string& what) {
    const auto statuses = statusesIn(reply);
    ASSERT_EQ(statuses.size(), 1u) << what << ": " << reply;
    EXPECT_EQ(statuses[0], status) << what << ": " << reply;
    EXPECT_NE(reply.find("Connection: close"), std::string::npos) << what;
    EXPECT_NE(reply.find(R"({"status":"error","message":)"), std::string::npos) << what << ": " << reply;
}

} // namespace

TEST_F(Protocol, ContentLengthWithChunkedIs400AndTheHiddenRequestIsNeverServed) {
    expectRefusedAlone(sendExpectingClose("POST /test/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                                          "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + kHidden),
                       400, "CL + TE");
    expectRefusedAlone(sendExpectingClose("POST /test/echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                                          "Content-Length: 44\r\n\r\n0\r\n\r\n" + kHidden),
                       400, "TE + CL");
}

TEST_F(Protocol, RepeatedDifferingOrSignedContentLengthIs400) {
    expectRefusedAlone(sendExpectingClose("POST /test/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
                                          "Content-Length: 44\r\n\r\nab" + kHidden),
                       400, "two lengths");
    expectRefusedAlone(sendExpectingClose("POST /test/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
                                          "Content-Length: 2\r\n\r\nab" + kHidden),
                       400, "a repeated length");
    expectRefusedAlone(sendExpectingClose("POST /test/echo HTTP/1.1\r\nHost: x\r\nContent-Length: +2\r\n\r\nab" + kHidden),
                       400, "+2");
}

TEST_F(Protocol, BadChunkSizeIs400AndNothingAfterItRuns) {
    expectRefusedAlone(sendExpectingClose("POST /test/echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                                          "2x\r\nab\r\n0\r\n\r\n" + kHidden),
                       400, "bad chunk size");
}

TEST_F(Protocol, ChunkSizeWithLeadingZerosIsReadCorrectly) {
    RawConnection c(port());
    c.send("POST /test/echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
           "0000000002\r\nab\r\n0\r\n\r\nGET /test/fast HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    const auto reply = c.readUntilClose();
    EXPECT_EQ(statusesIn(reply), (std::vector<int>{200, 200})) << reply;
    EXPECT_NE(reply.find(R"({"received":2})"), std::string::npos) << reply;
    EXPECT_NE(reply.find(R"({"from":"fast"})"), std::string::npos) << reply;
}

TEST_F(Protocol, UnsupportedVersionsGet505AndMissingHost400) {
    expectRefusedAlone(sendExpectingClose("GET /health HTTP/9.9\r\nHost: x\r\n\r\n"), 505, "HTTP/9.9");
    expectRefusedAlone(sendExpectingClose("GET /health HTTP/1.1\r\n\r\n"), 400, "no Host");
    expectRefusedAlone(sendExpectingClose("GET /health HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"), 400, "two Hosts");
}

TEST_F(Protocol, LongUriGets414AndLargeHeadersGet431WithABody) {
    expectRefusedAlone(sendExpectingClose("GET /" + std::string(60 * 1024, 'u') + " HTTP/1.1\r\nHost: x\r\n\r\n"), 414,
                       "60 KB URI");
    expectRefusedAlone(
        sendExpectingClose("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(100 * 1024, 'h') + "\r\n\r\n"),
        431, "100 KB header");
}

TEST_F(Protocol, OversizedBodyGets413) {
    expectRefusedAlone(sendExpectingClose("POST /test/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n" +
                                          std::string(5000, 'b')),
                       413, "declared");
    expectRefusedAlone(sendExpectingClose("POST /test/echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                                          "1388\r\n" + std::string(5000, 'b') + "\r\n0\r\n\r\n"),
                       413, "chunked");
}

TEST_F(Protocol, PipelinedRequestsAreAnsweredInOrder) {
    RawConnection c(port());
    // A slow handler first: the fast-path answers behind it must wait their turn.
    c.send("GET /test/slow?ms=150 HTTP/1.1\r\nHost: x\r\n\r\n"
           "GET /test/fast HTTP/1.1\r\nHost: x\r\n\r\n"
           "GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n"
           "POST /test/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
           "GET /api/health/live HTTP/1.1\r\nHost: x\r\n\r\n");
    const auto reply = c.readUntil("HTTP/1.1 ", 5);
    EXPECT_EQ(statusesIn(reply), (std::vector<int>{200, 200, 404, 200, 200})) << reply;
    const auto slow = reply.find(R"({"slept":150})");
    const auto fast = reply.find(R"({"from":"fast"})");
    const auto echo = reply.find(R"({"received":3})");
    ASSERT_NE(slow, std::string::npos);
    ASSERT_NE(fast, std::string::npos);
    ASSERT_NE(echo, std::string::npos);
    EXPECT_LT(slow, fast);
    EXPECT_LT(fast, echo);
    EXPECT_FALSE(c.closedByServer());
}

TEST_F(Protocol, AHalfCloseStillGetsEveryAnswerThenTheConnectionCloses) {
    RawConnection c(port());
    c.send("GET /test/slow?ms=100 HTTP/1.1\r\nHost: x\r\n\r\nGET /test/fast HTTP/1.1\r\nHost: x\r\n\r\n"
           "GET /api/health/live HTTP/1.1\r\nHost: x\r\n\r\n");
    c.shutdownWrite();
    const auto reply = c.readUntilClose();
    EXPECT_EQ(statusesIn(reply), (std::vector<int>{200, 200, 200})) << reply;
    EXPECT_TRUE(c.closedByServer());
}

TEST_F(Protocol, Http10ClosesUnlessAskedToKeepAlive) {
    {
        RawConnection c(port());
        c.send("GET /api/health/live HTTP/1.0\r\n\r\n");
        const auto reply = c.readUntilClose();
        EXPECT_TRUE(c.closedByServer());
        EXPECT_EQ(statusesIn(reply), std::vector<int>{200}) << reply;
    }
    RawConnection c(port());
    c.send("GET /api/health/live HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    auto reply = c.readUntil("\r\n\r\n");
    EXPECT_NE(reply.find("Connection: keep-alive"), std::string::npos) << reply;
    c.send("GET /test/fast HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    reply = c.readUntil(R"({"from":"fast"})");
    EXPECT_EQ(statusesIn(reply).size(), 1u) << reply;
    EXPECT_FALSE(c.closedByServer());
}

TEST_F(Protocol, ConnectionCloseIsHonoured) {
    RawConnection c(port());
    c.send("GET /api/health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" + kHidden);
    const auto reply = c.readUntilClose();
    EXPECT_TRUE(c.closedByServer());
    EXPECT_EQ(statusesIn(reply), std::vector<int>{200}) << "nothing after Connection: close is served";
}

TEST_F(Protocol, HeadHasTheHeadersOfGetAndNoBody) {
    RawConnection c(port());
    // Through the chain (the fast path declines `miss`), with a body of fixed length.
    c.send("GET /test/fast?miss=1 HTTP/1.1\r\nHost: x\r\n\r\n");
    const auto get = c.readUntil("}");
    c.send("HEAD /test/fast?miss=1 HTTP/1.1\r\nHost: x\r\n\r\nGET /test/fast HTTP/1.1\r\nHost: x\r\n\r\n");
    const auto head = c.readUntil(R"({"from":"fast"})");
    auto header = [](const std::string& reply, const std::string& name) {
        const auto at = reply.find(name + ": ");
        return at == std::string::npos ? std::string() : reply.substr(at, reply.find("\r\n", at) - at);
    };
    EXPECT_FALSE(header(get, "Content-Length").empty()) << get;
    EXPECT_EQ(header(head, "Content-Length"), header(get, "Content-Length")) << head;
    EXPECT_EQ(header(head, "Content-Type"), header(get, "Content-Type"));
    // The next response starts right after HEAD's empty line: no body in between.
    const auto end = head.find("\r\n\r\n");
    ASSERT_NE(end, std::string::npos);
    EXPECT_EQ(head.compare(end + 4, 9, "HTTP/1.1 "), 0) << head;
    const auto fastHead = [&] {
        RawConnection h(port());
        h.send("HEAD /test/fast HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        return h.readUntilClose();
    }();
    EXPECT_NE(fastHead.find("Content-Length: 15"), std::string::npos) << fastHead;
    EXPECT_EQ(fastHead.find("fast\"}"), std::string::npos) << fastHead;
}

TEST_F(Protocol, OptionsOnAKnownRouteIs204WithAllowIncludingHead) {
    RawConnection c(port());
    c.send("OPTIONS /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    const auto reply = c.readUntilClose();
    EXPECT_EQ(statusesIn(reply), std::vector<int>{204}) << reply;
    EXPECT_NE(reply.find("Allow: GET, HEAD, OPTIONS"), std::string::npos) << reply;
    EXPECT_EQ(reply.find("Content-Length"), std::string::npos) << "204 has no body framing";
}

TEST_F(Protocol, ExpectContinueGets100BeforeTheBody) {
    RawConnection c(port());
    c.send("POST /test/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
    const auto interim = c.readUntil("\r\n\r\n", 1, 2000);
    EXPECT_EQ(interim, "HTTP/1.1 100 Continue\r\n\r\n");
    c.send("abcd");
    const auto reply = c.readUntil(R"({"received":4})");
    EXPECT_EQ(statusesIn(reply), std::vector<int>{200}) << reply;
    // Too large: 413 at once, no 100.
    RawConnection big(port());
    big.send("POST /test/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 99999\r\nExpect: 100-continue\r\n\r\n");
    const auto refused = big.readUntilClose();
    EXPECT_EQ(statusesIn(refused), std::vector<int>{413}) << refused;
}

TEST_F(Protocol, FastPathAnswersAndFiltersSeeIt) {
    const auto fast = server_->get("/test/fast");
    EXPECT_EQ(fast.status, 200);
    EXPECT_EQ(fast.body, R"({"from":"fast"})");
    EXPECT_EQ(fast.header("x-answered-by"), "fast-path");
    EXPECT_TRUE(fast.hasHeader("x-response-time")) << "timing stamps fast-path answers too";
    const auto chain = server_->get("/test/fast?miss=1");
    EXPECT_EQ(chain.body, R"({"from":"chain"})") << "a lookup that declines hands over to the chain";
    EXPECT_TRUE(chain.hasHeader("x-response-time"));
}

TEST(ProtocolPort, APortInUseIsAClearErrorAndExit1) {
    Jollyjetd first("[plugins]\nenabled = timing\n[cache]\nbackend = memory\n");
    ASSERT_TRUE(first.start()) << first.output();
    TempDir dir;
    const std::string ini = dir.path() + "/second.ini";
    std::ofstream(ini) << "[server]\nhost = 127.0.0.1\nport = " << first.port() << "\n[plugins]\npath = "
                       << pluginDir() << "\nenabled = timing\n[cache]\nbackend = memory\n";
    const auto second = runJollyjetd({"--config", ini});
    EXPECT_EQ(second.exitCode, 1) << second.output;
    EXPECT_NE(second.output.find("cannot listen on 127.0.0.1:" + std::to_string(first.port())), std::string::npos)
        << second.output;
    // The first one serves every request still.
    for (int i = 0; i < 20; ++i) EXPECT_EQ(first.get("/health").status, 200);
}

TEST(ProtocolAccessLog, OneEscapedLineARequestWithoutTheQuery) {
    TempDir dir;
    const std::string log = dir.path() + "/access.log";
    Jollyjetd server("[plugins]\nenabled = timing\n[cache]\nbackend = memory\n[logging]\nsink = file\nfile = " + log +
                     "\naccess = true\n");
    ASSERT_TRUE(server.start()) << server.output();
    EXPECT_EQ(server.get("/health?token=secret123").status, 200);
    RawConnection c(server.port());
    c.send("GET /x%0d%0aFORGED\"line HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    c.readUntilClose();
    EXPECT_EQ(server.stop(), 0);
    std::ifstream in(log);
    std::stringstream text;
    text << in.rdbuf();
    const auto all = text.str();
    EXPECT_NE(all.find(R"([access] method="GET" path="/health" status=200)"), std::string::npos) << all;
    EXPECT_EQ(all.find("secret123"), std::string::npos) << "the query string is never logged";
    EXPECT_NE(all.find(R"(path="/x%0d%0aFORGED\"line" status=404)"), std::string::npos) << all;
    EXPECT_NE(all.find("client=\"127.0.0.1:"), std::string::npos) << all;
    for (const auto& line : {std::string("FORGED\n"), std::string("\r")})
        EXPECT_EQ(all.find(line), std::string::npos) << all;
}

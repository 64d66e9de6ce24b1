#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "RequestParser.h"

using jollyjet::host::ParsedRequest;
using jollyjet::host::ParserLimits;
using jollyjet::host::RequestParser;
using State = RequestParser::State;

namespace {

/// Feeds `bytes` in pieces of `step` bytes (0: all at once) and collects every
/// request until an error or the end. Returns the status of the error, or 0.
struct Outcome {
    std::vector<ParsedRequest> requests;
    int errorStatus = 0;
    std::string errorMessage;
    std::size_t unconsumed = 0; ///< bytes left after the last complete request or error
};

Outcome parse(const std::string& bytes, std::size_t step = 0, ParserLimits limits = {}) {
    RequestParser parser(limits);
    Outcome outcome;
    std::string pending;
    std::size_t offset = 0;
    while (offset < bytes.size() || !pending.empty()) {
        const std::size_t n = step == 0 ? bytes.size() - offset : std::min(step, bytes.size() - offset);
        pending.append(bytes, offset, n);
        offset += n;
        std::size_t used = 0;
        const auto state = parser.feed(pending.data(), pending.size(), used);
        pending.erase(0, used);
        if (state == State::Error) {
            outcome.errorStatus = parser.errorStatus();
            outcome.errorMessage = parser.errorMessage();
            outcome.unconsumed = pending.size() + (bytes.size() - offset);
            return outcome;
        }
        if (state == State::Complete) {
            outcome.requests.push_back(parser.take());
            continue; // the rest of `pending` may hold the next request
        }
        if (offset >= bytes.size()) break;
    }
    outcome.unconsumed = pending.size();
    return outcome;
}

const std::string kTrailing = "GET /hidden HTTP/1.1\r\nHost: x\r\n\r\n";

} // namespace

TEST(RequestParser, ReadsARequestWithHeadersAndBody) {
    const auto out = parse("POST /api/products?x=1 HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
                           "Content-Length: 7\r\n\r\n{\"a\":1}");
    ASSERT_EQ(out.errorStatus, 0) << out.errorMessage;
    ASSERT_EQ(out.requests.size(), 1u);
    const auto& r = out.requests[0];
    EXPECT_EQ(r.method, "POST");
    EXPECT_EQ(r.target, "/api/products?x=1");
    EXPECT_EQ(r.body, "{\"a\":1}");
    EXPECT_TRUE(r.keepAlive);
    ASSERT_EQ(r.headers.size(), 3u);
    EXPECT_EQ(r.headers[1].first, "Content-Type");
    EXPECT_EQ(r.headers[1].second, "application/json");
}

TEST(RequestParser, ByteByByteGivesTheSameRequests) {
    const std::string two = "POST /a HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                            "3\r\nabc\r\n2;ext=1\r\nde\r\n0\r\nTrailer-Field: x\r\n\r\n"
                            "GET /b HTTP/1.1\r\nHost: a\r\nX-Long: " + std::string(300, 'v') + "\r\n\r\n";
    const auto whole = parse(two);
    const auto bytes = parse(two, 1);
    ASSERT_EQ(whole.requests.size(), 2u) << whole.errorMessage;
    ASSERT_EQ(bytes.requests.size(), 2u) << bytes.errorMessage;
    for (std::size_t i = 0; i < 2; ++i) {
        EXPECT_EQ(whole.requests[i].target, bytes.requests[i].target);
        EXPECT_EQ(whole.requests[i].body, bytes.requests[i].body);
        EXPECT_EQ(whole.requests[i].headers, bytes.requests[i].headers);
    }
    EXPECT_EQ(bytes.requests[0].body, "abcde");
    EXPECT_EQ(bytes.requests[0].headers.size(), 2u) << "trailer fields are not headers";
    EXPECT_EQ(bytes.requests[1].headers[1].second, std::string(300, 'v'));
}

TEST(RequestParser, RandomSplitsNeverChangeTheResult) {
    const std::string stream = "GET /1 HTTP/1.1\r\nHost: a\r\n\r\n"
                               "PUT /2 HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello"
                               "DELETE /3 HTTP/1.0\r\n\r\n";
    std::mt19937 random(7);
    for (int round = 0; round < 200; ++round) {
        const auto out = parse(stream, 1 + random() % 17);
        ASSERT_EQ(out.requests.size(), 3u) << out.errorMessage;
        EXPECT_EQ(out.requests[1].body, "hello");
        EXPECT_EQ(out.requests[2].method, "DELETE");
        EXPECT_FALSE(out.requests[2].keepAlive) << "HTTP/1.0 closes unless asked";
    }
}

TEST(RequestParser, StopsAfterEachRequestSoPipelinedOnesWait) {
    RequestParser parser({});
    const std::string two = "GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\n";
    std::size_t used = 0;
    ASSERT_EQ(parser.feed(two.data(), two.size(), used), State::Complete);
    EXPECT_EQ(used, two.size() / 2);
    EXPECT_EQ(parser.take().target, "/1");
    std::size_t more = 0;
    ASSERT_EQ(parser.feed(two.data() + used, two.size() - used, more), State::Complete);
    EXPECT_EQ(parser.take().target, "/2");
}

TEST(RequestParser, ContentLengthWithTransferEncodingIs400) {
    const auto out = parse("POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
                           "0\r\n\r\n" + kTrailing);
    EXPECT_EQ(out.errorStatus, 400);
    EXPECT_TRUE(out.requests.empty());
    const auto reversed = parse("POST /a HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n"
                                "0\r\n\r\n" + kTrailing);
    EXPECT_EQ(reversed.errorStatus, 400);
    EXPECT_TRUE(reversed.requests.empty());
}

TEST(RequestParser, RepeatedOrDifferingContentLengthIs400) {
    for (const char* lengths : {"Content-Length: 2\r\nContent-Length: 2\r\n",
                                "Content-Length: 2\r\nContent-Length: 30\r\n",
                                "Content-Length: 2, 2\r\n"}) {
        const auto out = parse(std::string("POST /a HTTP/1.1\r\nHost: a\r\n") + lengths + "\r\nab" + kTrailing);
        EXPECT_EQ(out.errorStatus, 400) << lengths;
        EXPECT_TRUE(out.requests.empty()) << lengths;
    }
}

TEST(RequestParser, NonDigitContentLengthIs400) {
    for (const char* value : {"+2", "-2", "2a", "0x2", " ", "1 2"}) {
        const auto out = parse(std::string("POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: ") + value +
                               "\r\n\r\nab" + kTrailing);
        EXPECT_EQ(out.errorStatus, 400) << "'" << value << "'";
        EXPECT_TRUE(out.requests.empty()) << value;
    }
}

TEST(RequestParser, BadChunkSizeIs400AndNothingAfterItIsRead) {
    const auto out = parse("POST /a HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nab\r\n0\r\n\r\n" +
                           kTrailing);
    EXPECT_EQ(out.errorStatus, 400);
    EXPECT_TRUE(out.requests.empty());
}

TEST(RequestParser, ChunkSizeWithLeadingZerosIsReadAsHex) {
    const auto out = parse("POST /a HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                           "0000000002\r\nab\r\n0000000010\r\n0123456789abcdef\r\n0\r\n\r\n" + kTrailing);
    ASSERT_EQ(out.errorStatus, 0) << out.errorMessage;
    ASSERT_EQ(out.requests.size(), 2u);
    EXPECT_EQ(out.requests[0].body, "ab0123456789abcdef");
    EXPECT_EQ(out.requests[1].target, "/hidden") << "the next request starts exactly after the body";
}

TEST(RequestParser, TransferEncodingOtherThanChunkedIs400) {
    const auto out = parse("POST /a HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\nab" + kTrailing);
    EXPECT_EQ(out.errorStatus, 400);
}

TEST(RequestParser, VersionsOtherThan10And11Get505) {
    EXPECT_EQ(parse("GET /\r\n\r\n").errorStatus, 400) << "no version at all";
    for (const char* version : {"HTTP/9.9", "HTTP/2.0", "HTTP/1.2"}) {
        const auto out = parse(std::string("GET / ") + version + "\r\nHost: a\r\n\r\n");
        EXPECT_EQ(out.errorStatus, 505) << version;
    }
}

TEST(RequestParser, Http11NeedsExactlyOneHost) {
    EXPECT_EQ(parse("GET / HTTP/1.1\r\n\r\n").errorStatus, 400);
    EXPECT_EQ(parse("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n").errorStatus, 400);
    const auto http10 = parse("GET / HTTP/1.0\r\n\r\n");
    EXPECT_EQ(http10.errorStatus, 0);
    EXPECT_EQ(http10.requests.size(), 1u);
}

TEST(RequestParser, LimitsGiveTheirStatus) {
    ParserLimits limits;
    limits.maxUriBytes = 100;
    limits.maxHeaderBytes = 200;
    limits.maxBodyBytes = 10;
    EXPECT_EQ(parse("GET /" + std::string(200, 'a') + " HTTP/1.1\r\nHost: a\r\n\r\n", 0, limits).errorStatus, 414);
    EXPECT_EQ(parse("GET / HTTP/1.1\r\nHost: a\r\nX: " + std::string(300, 'b') + "\r\n\r\n", 0, limits).errorStatus,
              431);
    EXPECT_EQ(parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n", 0, limits).errorStatus, 413);
    EXPECT_EQ(parse("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nb\r\n0123456789a\r\n0\r\n\r\n",
                    0, limits)
                  .errorStatus,
              413);
    // Exactly at the limits is fine.
    const auto fits = parse("POST /" + std::string(99, 'a') + " HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n" +
                                std::string(10, 'c'),
                            3, limits);
    EXPECT_EQ(fits.errorStatus, 0) << fits.errorMessage;
    EXPECT_EQ(fits.requests.size(), 1u);
}

TEST(RequestParser, ExpectContinueIsSignalledOnceTheHeadIsIn) {
    RequestParser parser({});
    const std::string head = "POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n";
    std::size_t used = 0;
    EXPECT_EQ(parser.feed(head.data(), head.size(), used), State::NeedMore);
    EXPECT_TRUE(parser.continueWanted());
    parser.continueSent();
    EXPECT_FALSE(parser.continueWanted());
    EXPECT_EQ(parser.feed("ok", 2, used), State::Complete);
    EXPECT_EQ(parser.take().body, "ok");
    EXPECT_EQ(parse("POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\nExpect: teapot\r\n\r\nok").errorStatus, 417);
}

TEST(RequestParser, ConnectionHeadersDecideKeepAlive) {
    EXPECT_FALSE(parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n").requests.at(0).keepAlive);
    EXPECT_TRUE(parse("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").requests.at(0).keepAlive);
    EXPECT_FALSE(parse("GET / HTTP/1.0\r\n\r\n").requests.at(0).keepAlive);
}

TEST(RequestParser, GarbageIs400) {
    EXPECT_EQ(parse(std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11)).errorStatus, 400);
    EXPECT_EQ(parse("GET / HTTP/1.1\r\nHost a\r\n\r\n").errorStatus, 400);
    EXPECT_EQ(parse("GET /a b HTTP/1.1\r\nHost: a\r\n\r\n").errorStatus, 400);
}

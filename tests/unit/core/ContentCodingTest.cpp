#include <gtest/gtest.h>

#include "Decompress.h"
#include "jollyjet/http/ContentCoding.h"

using namespace jollyjet::http;

TEST(ContentCoding, NegotiatesBrOverGzipAndHonoursQZero) {
    EXPECT_EQ(negotiateCoding(""), ContentCoding::Identity);
    EXPECT_EQ(negotiateCoding("gzip"), ContentCoding::Gzip);
    EXPECT_EQ(negotiateCoding("gzip, deflate, br"), ContentCoding::Brotli);
    EXPECT_EQ(negotiateCoding("br;q=0, gzip"), ContentCoding::Gzip);
    EXPECT_EQ(negotiateCoding("br;q=0.2, gzip;q=0.8"), ContentCoding::Gzip);
    EXPECT_EQ(negotiateCoding("GZIP"), ContentCoding::Gzip);
    EXPECT_EQ(negotiateCoding("*"), ContentCoding::Brotli);
    EXPECT_EQ(negotiateCoding("*;q=0, gzip"), ContentCoding::Gzip);
    EXPECT_EQ(negotiateCoding("gzip;q=0"), ContentCoding::Identity);
    EXPECT_EQ(negotiateCoding("deflate, identity"), ContentCoding::Identity);
    EXPECT_EQ(negotiateCoding("gzip;q=nonsense"), ContentCoding::Identity);
}

TEST(ContentCoding, EncodedBodiesDecodeWithTheReferenceLibraries) {
    std::string body;
    for (int i = 0; i < 200; ++i) body += R"({"id":")" + std::to_string(i) + R"(","name":"Sturdy Lamp"},)";
    const auto gz = encode(body, ContentCoding::Gzip);
    const auto br = encode(body, ContentCoding::Brotli);
    EXPECT_LT(gz.size(), body.size() / 4);
    EXPECT_LT(br.size(), body.size() / 4);
    EXPECT_EQ(jollyjet::test::gunzip(gz), body);
    EXPECT_EQ(jollyjet::test::unbrotli(br), body);
    EXPECT_EQ(encode(body, ContentCoding::Identity), body);
    EXPECT_STREQ(codingName(ContentCoding::Brotli), "br");
    EXPECT_STREQ(codingName(ContentCoding::Gzip), "gzip");
}

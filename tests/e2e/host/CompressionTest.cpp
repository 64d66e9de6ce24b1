#include <gtest/gtest.h>

#include "Decompress.h"
#include "Jollyjetd.h"

using namespace jollyjet::test;

namespace {
const char* kIni = "[plugins]\nenabled = timing\n[cache]\nbackend = memory\n[logging]\nlevel = warn\n";
}

TEST(Compression, LargeAnswersAreCompressedForClientsThatAcceptIt) {
    Jollyjetd server(kIni);
    ASSERT_TRUE(server.start()) << server.output();
    const auto plain = server.get("/api/openapi.json");
    ASSERT_EQ(plain.status, 200);
    ASSERT_GT(plain.body.size(), 1024u);
    EXPECT_FALSE(plain.hasHeader("content-encoding"));
    EXPECT_NE(plain.header("vary").find("Accept-Encoding"), std::string::npos);

    const auto gz = server.get("/api/openapi.json", "Accept-Encoding: gzip");
    EXPECT_EQ(gz.header("content-encoding"), "gzip");
    EXPECT_NE(gz.header("vary").find("Accept-Encoding"), std::string::npos);
    EXPECT_LT(gz.body.size(), plain.body.size() / 3);
    EXPECT_EQ(gunzip(gz.body), plain.body);

    const auto br = server.get("/api/openapi.json", "Accept-Encoding: gzip, deflate, br");
    EXPECT_EQ(br.header("content-encoding"), "br");
    EXPECT_EQ(unbrotli(br.body), plain.body);

    // Small answers stay as they are.
    const auto small = server.get("/health", "Accept-Encoding: gzip");
    EXPECT_FALSE(small.hasHeader("content-encoding"));
}

TEST(Compression, CanBeSwitchedOffAndHasAThreshold) {
    Jollyjetd off(std::string(kIni) + "[server]\ncompression = false\n");
    ASSERT_TRUE(off.start()) << off.output();
    EXPECT_FALSE(off.get("/api/openapi.json", "Accept-Encoding: gzip").hasHeader("content-encoding"));
    Jollyjetd everything(std::string(kIni) + "[server]\ncompressMinBytes = 0\n");
    ASSERT_TRUE(everything.start()) << everything.output();
    const auto health = everything.get("/health", "Accept-Encoding: gzip");
    EXPECT_EQ(health.header("content-encoding"), "gzip");
    EXPECT_NE(gunzip(health.body).find("\"status\""), std::string::npos);
}

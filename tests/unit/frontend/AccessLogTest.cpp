#include <gtest/gtest.h>

#include "AccessLog.h"

using jollyjet::host::AccessLog;

TEST(AccessLog, FieldsInLogfmtWithoutTheQuery) {
    const auto line = AccessLog::format({"GET", "/api/products?token=abc", 200, 512, 1.5, "127.0.0.1:4000", "near"});
    EXPECT_EQ(line, R"(method="GET" path="/api/products" status=200 bytes=512 ms=1.500 client="127.0.0.1:4000" cache="near")");
}

TEST(AccessLog, ControlCharactersAndQuotesCannotForgeALineOrAField) {
    const auto line = AccessLog::format({"GET", "/a\r\n2026 [error] FLUSHALL\" status=\x01\x7f", 404, 0, 0, "c", ""});
    EXPECT_EQ(line.find('\n'), std::string::npos);
    EXPECT_EQ(line.find('\r'), std::string::npos);
    EXPECT_NE(line.find(R"(path="/a\x0d\x0a2026 [error] FLUSHALL\" status=\x01\x7f")"), std::string::npos) << line;
    EXPECT_NE(line.find(R"(cache="-")"), std::string::npos) << line;
}

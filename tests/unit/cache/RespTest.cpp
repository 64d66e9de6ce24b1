// White-box tests of the RESP reader and writer (core/src/redis/Resp.h).
#include <cstring>

#include <gtest/gtest.h>

#include "../../../core/src/redis/Resp.h"
#include "jollyjet/redis/RedisError.h"

namespace jollyjet::redis {
namespace {

/// Feeds `wire` to a reader `chunk` bytes at a time, as a slow socket would.
resp::Reader readerOver(std::string wire, std::size_t chunk) {
    auto data = std::make_shared<std::string>(std::move(wire));
    auto offset = std::make_shared<std::size_t>(0);
    return resp::Reader([data, offset, chunk](char* buffer, std::size_t capacity) -> std::size_t {
        if (*offset >= data->size()) throw RedisError("connection closed");
        const std::size_t n = std::min({chunk, capacity, data->size() - *offset});
        std::memcpy(buffer, data->data() + *offset, n);
        *offset += n;
        return n;
    });
}

TEST(Resp, EmptyArrayIsNotNull) {
    auto reader = readerOver("*0\r\n*-1\r\n", 64);
    const Reply empty = reader.read();
    EXPECT_EQ(empty.type, Reply::Type::Array);
    EXPECT_TRUE(empty.elements.empty());
    EXPECT_FALSE(empty.isNull());
    EXPECT_TRUE(reader.read().isNull());
}

TEST(Resp, ParsesEveryTypeSplitAtAnyByte) {
    const std::string wire = "+OK\r\n-ERR bad\r\n:-42\r\n$5\r\nhe\r\no\r\n$-1\r\n$0\r\n\r\n"
                             "*2\r\n$1\r\n0\r\n*0\r\n";
    for (std::size_t chunk : {1u, 2u, 3u, 7u, 1000u}) {
        auto reader = readerOver(wire, chunk);
        EXPECT_EQ(reader.read().text, "OK");
        EXPECT_TRUE(reader.read().isError());
        EXPECT_EQ(reader.read().integer, -42);
        EXPECT_EQ(reader.read().text, "he\r\no"); // bulk strings are binary-safe
        EXPECT_EQ(reader.read().type, Reply::Type::NullBulk);
        const Reply emptyBulk = reader.read();
        EXPECT_EQ(emptyBulk.type, Reply::Type::Bulk);
        EXPECT_EQ(emptyBulk.text, "");
        const Reply scanPage = reader.read();
        ASSERT_EQ(scanPage.elements.size(), 2u);
        EXPECT_EQ(scanPage.elements[0].text, "0");
        EXPECT_TRUE(scanPage.elements[1].isArray());
        EXPECT_TRUE(scanPage.elements[1].elements.empty());
    }
}

TEST(Resp, RejectsMalformedReplies) {
    EXPECT_THROW(readerOver("?x\r\n", 64).read(), RedisError);
    EXPECT_THROW(readerOver(":12a\r\n", 64).read(), RedisError);
    EXPECT_THROW(readerOver("$3\r\nabcd\r\n", 64).read(), RedisError);
    EXPECT_THROW(readerOver("*-2\r\n", 64).read(), RedisError);
}

TEST(Resp, NegativeNumbersAndEmptyWordsAreSentAsBulkStrings) {
    std::string out;
    resp::appendCommand(out, {"INCRBY", "k", "-5"});
    EXPECT_EQ(out, "*3\r\n$6\r\nINCRBY\r\n$1\r\nk\r\n$2\r\n-5\r\n");
    out.clear();
    resp::appendCommand(out, {"SET", "", "a\r\nb"});
    EXPECT_EQ(out, "*3\r\n$3\r\nSET\r\n$0\r\n\r\n$4\r\na\r\nb\r\n");
}

TEST(Reply, ConversionsSayWhatWentWrong) {
    EXPECT_EQ(Reply::bulk("17").asInteger(), 17);
    EXPECT_THROW(Reply::bulk("x").asInteger(), RedisError);
    EXPECT_THROW(Reply::error("WRONGTYPE").asOptionalString(), ReplyError);
    EXPECT_FALSE(Reply::nullBulk().asOptionalString().has_value());
}

} // namespace
} // namespace jollyjet::redis

#include <gtest/gtest.h>

#include "jollyjet/mongo/Errors.h"
#include "jollyjet/mongo/OpMsg.h"

using namespace jollyjet::mongo;

namespace {

Document::Ptr doc(const std::string& key, int value) {
    Document::Ptr d = makeDocument();
    d->add(key, value);
    return d;
}

std::string afterHeader(const std::string& message) { return message.substr(MessageHeader::kSize); }

} // namespace

TEST(MongoOpMsg, EncodesHeaderFlagsAndBody) {
    OpMsg msg;
    msg.body = makeDocument();
    msg.body->add("ping", 1).add("$db", std::string("admin"));
    const std::string bytes = msg.encode(42, 7);
    const MessageHeader header = MessageHeader::parse(bytes);
    EXPECT_EQ(header.messageLength, static_cast<std::int32_t>(bytes.size()));
    EXPECT_EQ(header.requestId, 42);
    EXPECT_EQ(header.responseTo, 7);
    EXPECT_EQ(header.opCode, 2013);
    EXPECT_EQ(bytes.substr(16, 4), std::string(4, '\0')); // flagBits
    EXPECT_EQ(bytes[20], '\0');                            // section kind 0
    EXPECT_EQ(encode(*msg.body), bytes.substr(21));
}

TEST(MongoOpMsg, BodyRoundTrips) {
    OpMsg msg;
    msg.body = makeDocument();
    msg.body->add("find", std::string("items")).add("limit", static_cast<Poco::Int64>(5)).add("single", true);
    msg.body->add("filter", doc("a", 1));
    const OpMsg back = OpMsg::decode(afterHeader(msg.encode(1, 0)));
    EXPECT_EQ(back.flagBits, 0u);
    EXPECT_TRUE(back.sequences.empty());
    EXPECT_EQ(encode(*back.body), encode(*msg.body));
    EXPECT_EQ(back.body->get<std::string>("find"), "items");
    EXPECT_EQ(back.body->get<Poco::Int64>("limit"), 5);
}

TEST(MongoOpMsg, DocumentSequencesRoundTripAndMergeIntoTheBody) {
    OpMsg msg;
    msg.body = makeDocument();
    msg.body->add("insert", std::string("items"));
    msg.sequences.push_back({"documents", {doc("x", 1), doc("x", 2), doc("x", 3)}});
    msg.sequences.push_back({"other", {}});
    const std::string bytes = msg.encode(9, 0);
    const OpMsg back = OpMsg::decode(afterHeader(bytes));
    ASSERT_EQ(back.sequences.size(), 2u);
    EXPECT_EQ(back.sequences[0].identifier, "documents");
    ASSERT_EQ(back.sequences[0].documents.size(), 3u);
    EXPECT_EQ(back.sequences[0].documents[2]->get<int>("x"), 3);
    EXPECT_TRUE(back.sequences[1].documents.empty());

    const Document::Ptr merged = back.mergedBody();
    const auto documents = documentsOf(*subDocument(*merged, "documents"));
    ASSERT_EQ(documents.size(), 3u);
    EXPECT_EQ(documents[0]->get<int>("x"), 1);
    EXPECT_EQ(merged->get<std::string>("insert"), "items");
}

TEST(MongoOpMsg, KindOneSectionHasSizeIdentifierAndDocuments) {
    OpMsg msg;
    msg.body = makeDocument();
    msg.body->add("insert", std::string("c"));
    msg.sequences.push_back({"documents", {doc("x", 1)}});
    const std::string bytes = msg.encode(1, 0);
    const std::size_t section = 21 + encode(*msg.body).size();
    ASSERT_EQ(bytes[section], '\1');
    const std::string one = encode(*doc("x", 1));
    const std::int32_t size = static_cast<std::int32_t>(4 + sizeof("documents") + one.size());
    std::int32_t written = 0;
    for (int i = 3; i >= 0; --i) written = (written << 8) | static_cast<std::uint8_t>(bytes[section + 1 + static_cast<std::size_t>(i)]);
    EXPECT_EQ(written, size);
    EXPECT_EQ(bytes.substr(section + 5, 10), std::string("documents\0", 10));
    EXPECT_EQ(bytes.substr(section + 15), one);
}

TEST(MongoOpMsg, ChecksumIsSkippedAndMoreToComeKept) {
    OpMsg msg;
    msg.body = doc("ok", 1);
    std::string payload = afterHeader(msg.encode(1, 0));
    payload[0] = static_cast<char>(msgflags::ChecksumPresent | msgflags::MoreToCome);
    payload += "CRC!";
    const OpMsg back = OpMsg::decode(payload);
    EXPECT_EQ(back.flagBits, msgflags::ChecksumPresent | msgflags::MoreToCome);
    EXPECT_EQ(back.body->get<int>("ok"), 1);
}

TEST(MongoOpMsg, MalformedMessagesRaiseProtocolError) {
    OpMsg msg;
    msg.body = doc("a", 1);
    const std::string good = afterHeader(msg.encode(1, 0));
    EXPECT_THROW(OpMsg::decode(good.substr(0, good.size() - 1)), ProtocolError); // truncated body
    EXPECT_THROW(OpMsg::decode(good + good.substr(4)), ProtocolError);           // two bodies
    std::string unknownFlag = good;
    unknownFlag[0] = 0x04;
    EXPECT_THROW(OpMsg::decode(unknownFlag), ProtocolError);
    std::string badKind = good;
    badKind[4] = 7;
    EXPECT_THROW(OpMsg::decode(badKind), ProtocolError);
    EXPECT_THROW(OpMsg::decode(std::string("\0\0\0\0", 4)), ProtocolError);      // no body
    std::string exhaust = good;
    exhaust[2] = 0x01; // bit 16 (exhaustAllowed) is optional: accepted
    EXPECT_NO_THROW(OpMsg::decode(exhaust));
}

TEST(MongoOpMsg, HeaderLengthOutOfRangeIsRefused) {
    std::string header;
    MessageHeader{10, 1, 0, 2013}.appendTo(header);
    EXPECT_THROW(MessageHeader::parse(header), ProtocolError);
    header.clear();
    MessageHeader{kMaxMessageSize + 1, 1, 0, 2013}.appendTo(header);
    EXPECT_THROW(MessageHeader::parse(header), ProtocolError);
}

TEST(MongoBson, CheckRejectsLengthsPastTheBufferAndUnsupportedTypes) {
    const std::string good = encode(*doc("a", 1));
    EXPECT_EQ(checkBson(good), good.size());
    std::string longer = good;
    longer[0] = 100;
    EXPECT_THROW(checkBson(longer), ProtocolError);
    std::string noTerminator = good;
    noTerminator.back() = 'x';
    EXPECT_THROW(checkBson(noTerminator), ProtocolError);
    // {d: decimal128} - POCO cannot read it; the error must name the type.
    std::string decimal("\x18\0\0\0\x13" "d\0", 8);
    decimal += std::string(16, '\0');
    decimal.push_back('\0');
    try {
        checkBson(decimal);
        FAIL() << "decimal128 accepted";
    } catch (const ProtocolError& e) {
        EXPECT_NE(std::string(e.what()).find("decimal128"), std::string::npos);
    }
    // string whose length runs past the document
    std::string badString("\x12\0\0\0\x02s\0\xff\0\0\0x\0\0\0\0\0\0", 18);
    EXPECT_THROW(checkBson(badString), ProtocolError);
}

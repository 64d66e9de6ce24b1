#include "jollyjet/mongo/OpMsg.h"

#include <cstring>

#include "jollyjet/mongo/Errors.h"

namespace jollyjet::mongo {

namespace {

std::int32_t readInt32(std::string_view bytes, std::size_t at) {
    std::uint32_t v = 0;
    for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<std::uint8_t>(bytes[at + static_cast<std::size_t>(i)]);
    return static_cast<std::int32_t>(v);
}

void appendInt32(std::string& out, std::int32_t value) {
    const auto v = static_cast<std::uint32_t>(value);
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

void writeInt32At(std::string& out, std::size_t at, std::int32_t value) {
    const auto v = static_cast<std::uint32_t>(value);
    for (std::size_t i = 0; i < 4; ++i) out[at + i] = static_cast<char>((v >> (8 * i)) & 0xFF);
}

} // namespace

MessageHeader MessageHeader::parse(std::string_view bytes) {
    if (bytes.size() < kSize) throw ProtocolError("message header shorter than 16 bytes");
    MessageHeader header;
    header.messageLength = readInt32(bytes, 0);
    header.requestId = readInt32(bytes, 4);
    header.responseTo = readInt32(bytes, 8);
    header.opCode = readInt32(bytes, 12);
    if (header.messageLength < static_cast<std::int32_t>(kSize) || header.messageLength > kMaxMessageSize)
        throw ProtocolError("message length " + std::to_string(header.messageLength) + " is out of range");
    return header;
}

void MessageHeader::appendTo(std::string& out) const {
    appendInt32(out, messageLength);
    appendInt32(out, requestId);
    appendInt32(out, responseTo);
    appendInt32(out, opCode);
}

std::string OpMsg::encode(std::int32_t requestId, std::int32_t responseTo) const {
    if (body.isNull()) throw std::logic_error("OP_MSG without a body");
    std::string out;
    MessageHeader header{0, requestId, responseTo, static_cast<std::int32_t>(OpCode::Msg)};
    header.appendTo(out);
    // A checksum is never written, so the flag must not claim one.
    appendInt32(out, static_cast<std::int32_t>(flagBits & ~msgflags::ChecksumPresent));
    out.push_back('\0');
    out += mongo::encode(*body);
    for (const auto& sequence : sequences) {
        out.push_back('\1');
        const std::size_t sizeAt = out.size();
        appendInt32(out, 0);
        out += sequence.identifier;
        out.push_back('\0');
        for (const auto& document : sequence.documents) out += mongo::encode(*document);
        writeInt32At(out, sizeAt, static_cast<std::int32_t>(out.size() - sizeAt));
    }
    if (out.size() > static_cast<std::size_t>(kMaxMessageSize))
        throw ProtocolError("message of " + std::to_string(out.size()) + " bytes exceeds the 48 MB limit");
    writeInt32At(out, 0, static_cast<std::int32_t>(out.size()));
    return out;
}

OpMsg OpMsg::decode(std::string_view payload) {
    if (payload.size() < 5) throw ProtocolError("OP_MSG shorter than its flagBits and one section");
    OpMsg msg;
    msg.flagBits = static_cast<std::uint32_t>(readInt32(payload, 0));
    // Bits 0-15 are "required": an unknown one means we cannot read the message safely.
    const std::uint32_t known = msgflags::ChecksumPresent | msgflags::MoreToCome;
    if ((msg.flagBits & 0xFFFFu & ~known) != 0) throw ProtocolError("OP_MSG has unknown required flag bits");
    std::size_t end = payload.size();
    if (msg.flagBits & msgflags::ChecksumPresent) {
        if (end < 9) throw ProtocolError("OP_MSG too short for its checksum");
        end -= 4;
    }
    std::size_t pos = 4;
    while (pos < end) {
        const char kind = payload[pos++];
        if (kind == 0) {
            if (!msg.body.isNull()) throw ProtocolError("OP_MSG has two body sections");
            const std::size_t length = checkBson(payload.substr(pos, end - pos));
            msg.body = mongo::decode(payload.substr(pos, length));
            pos += length;
        } else if (kind == 1) {
            if (end - pos < 4) throw ProtocolError("OP_MSG document sequence truncated");
            const std::int32_t size = readInt32(payload, pos);
            if (size < 5 || static_cast<std::size_t>(size) > end - pos)
                throw ProtocolError("OP_MSG document sequence size " + std::to_string(size) + " is out of range");
            const std::size_t seqEnd = pos + static_cast<std::size_t>(size);
            pos += 4;
            const void* zero = std::memchr(payload.data() + pos, 0, seqEnd - pos);
            if (zero == nullptr) throw ProtocolError("OP_MSG document sequence identifier is not terminated");
            const std::size_t idEnd = static_cast<std::size_t>(static_cast<const char*>(zero) - payload.data());
            DocumentSequence sequence;
            sequence.identifier.assign(payload.data() + pos, idEnd - pos);
            pos = idEnd + 1;
            while (pos < seqEnd) {
                const std::size_t length = checkBson(payload.substr(pos, seqEnd - pos));
                sequence.documents.push_back(mongo::decode(payload.substr(pos, length)));
                pos += length;
            }
            msg.sequences.push_back(std::move(sequence));
        } else {
            throw ProtocolError("OP_MSG section kind " + std::to_string(static_cast<int>(kind)) + " is not supported");
        }
    }
    if (msg.body.isNull()) throw ProtocolError("OP_MSG has no body section");
    return msg;
}

Document::Ptr OpMsg::mergedBody() const {
    if (sequences.empty()) return body;
    Document::Ptr merged = makeDocument();
    for (const auto& element : elementsOf(*body)) merged->addElement(element);
    for (const auto& sequence : sequences) merged->add(sequence.identifier, makeArray(sequence.documents));
    return merged;
}

} // namespace jollyjet::mongo

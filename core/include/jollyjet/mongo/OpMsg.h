#pragma once

#include "jollyjet/Export.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "jollyjet/mongo/Bson.h"

namespace jollyjet::mongo {

/// Wire protocol opcodes. POCO 1.11's MessageHeader::OP_MSG says 1000; the real one is 2013.
enum class OpCode : std::int32_t { Reply = 1, Query = 2004, Msg = 2013, Compressed = 2012 };

/// OP_MSG flagBits.
namespace msgflags {
inline constexpr std::uint32_t ChecksumPresent = 1u << 0;
inline constexpr std::uint32_t MoreToCome = 1u << 1;
inline constexpr std::uint32_t ExhaustAllowed = 1u << 16;
} // namespace msgflags

/// The largest message either side accepts (MongoDB's maxMessageSizeBytes).
inline constexpr std::int32_t kMaxMessageSize = 48'000'000;

/// The 16-byte header every wire message starts with (all fields little-endian).
struct JOLLYJET_API MessageHeader {
    static constexpr std::size_t kSize = 16;
    std::int32_t messageLength = 0; ///< including the header itself
    std::int32_t requestId = 0;
    std::int32_t responseTo = 0;
    std::int32_t opCode = 0;

    /// Reads the first 16 bytes of `bytes`; throws ProtocolError when the length is
    /// impossible (shorter than a header or beyond kMaxMessageSize).
    static MessageHeader parse(std::string_view bytes);
    void appendTo(std::string& out) const;
};

/// A kind 1 section: documents sent next to the body instead of inside it, as the
/// value of the body field named `identifier` (e.g. "documents" for insert).
struct JOLLYJET_API DocumentSequence {
    std::string identifier;
    std::vector<Document::Ptr> documents;
};

/// One OP_MSG message: flagBits, the kind 0 body and any kind 1 sequences.
///
/// encode() and decode() are exact inverses for everything MongoDB sends; decode()
/// accepts a checksum (the CRC-32C is skipped, not verified: TCP already checks
/// loopback and LAN traffic, and no driver sends one by default) and rejects a
/// message without exactly one body or with trailing bytes.
struct JOLLYJET_API OpMsg {
    std::uint32_t flagBits = 0;
    Document::Ptr body;
    std::vector<DocumentSequence> sequences;

    /// The whole message, header included.
    std::string encode(std::int32_t requestId, std::int32_t responseTo) const;
    /// Reads the part after the header. Throws ProtocolError.
    static OpMsg decode(std::string_view payload);

    /// The body with every sequence merged into it as an array field, the form a
    /// command handler wants regardless of how the sender framed it.
    Document::Ptr mergedBody() const;
};

/// A wire message as read from a socket: the header and the bytes after it.
struct JOLLYJET_API RawMessage {
    MessageHeader header;
    std::string payload;
};

} // namespace jollyjet::mongo

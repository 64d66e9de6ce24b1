#pragma once

#include "jollyjet/Export.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace jollyjet::redis {

/// One RESP2 reply, as the server sent it.
///
/// Unlike Poco::Redis::Array, an empty array (`*0`) and a null array (`*-1`) stay
/// distinct: SCAN, MGET, LRANGE and EXEC answers depend on it.
struct JOLLYJET_API Reply {
    enum class Type { Status, Error, Integer, Bulk, NullBulk, Array, NullArray };

    Type type = Type::NullBulk;
    std::string text;              ///< Status, Error, Bulk
    std::int64_t integer = 0;      ///< Integer
    std::vector<Reply> elements;   ///< Array

    bool isNull() const { return type == Type::NullBulk || type == Type::NullArray; }
    bool isError() const { return type == Type::Error; }
    bool isArray() const { return type == Type::Array; }

    /// Bulk or status text; nullopt for a null. Throws ReplyError for an error reply
    /// and RedisError for any other type.
    std::optional<std::string> asOptionalString() const;
    /// Integer reply, or a bulk holding a number (GET of a counter). Throws otherwise.
    std::int64_t asInteger() const;
    /// Throws ReplyError when this is an error reply.
    const Reply& orThrow() const;

    static Reply status(std::string text);
    static Reply error(std::string text);
    static Reply fromInteger(std::int64_t value);
    static Reply bulk(std::string text);
    static Reply nullBulk();
    static Reply array(std::vector<Reply> elements);
    static Reply nullArray();
};

/// A command as its words: {"SET", "key", "value", "PX", "100"}. Every word is sent
/// as a bulk string, so numbers of any sign and binary values survive intact.
using Command = std::vector<std::string>;

} // namespace jollyjet::redis

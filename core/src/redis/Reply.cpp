#include "jollyjet/redis/Reply.h"

#include <charconv>

#include "jollyjet/redis/RedisError.h"

namespace jollyjet::redis {

namespace {
const char* typeName(Reply::Type type) {
    switch (type) {
    case Reply::Type::Status: return "status";
    case Reply::Type::Error: return "error";
    case Reply::Type::Integer: return "integer";
    case Reply::Type::Bulk: return "bulk string";
    case Reply::Type::NullBulk: return "null";
    case Reply::Type::Array: return "array";
    case Reply::Type::NullArray: return "null array";
    }
    return "unknown";
}
} // namespace

const Reply& Reply::orThrow() const {
    if (type == Type::Error) throw ReplyError("redis: " + text);
    return *this;
}

std::optional<std::string> Reply::asOptionalString() const {
    orThrow();
    if (isNull()) return std::nullopt;
    if (type == Type::Bulk || type == Type::Status) return text;
    if (type == Type::Integer) return std::to_string(integer);
    throw RedisError(std::string("redis: expected a string reply, got ") + typeName(type));
}

std::int64_t Reply::asInteger() const {
    orThrow();
    if (type == Type::Integer) return integer;
    if (type == Type::Bulk) {
        std::int64_t value = 0;
        const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec == std::errc() && ptr == text.data() + text.size() && !text.empty()) return value;
    }
    throw RedisError(std::string("redis: expected an integer reply, got ") + typeName(type));
}

Reply Reply::status(std::string text) {
    Reply r;
    r.type = Type::Status;
    r.text = std::move(text);
    return r;
}
Reply Reply::error(std::string text) {
    Reply r;
    r.type = Type::Error;
    r.text = std::move(text);
    return r;
}
Reply Reply::fromInteger(std::int64_t value) {
    Reply r;
    r.type = Type::Integer;
    r.integer = value;
    return r;
}
Reply Reply::bulk(std::string text) {
    Reply r;
    r.type = Type::Bulk;
    r.text = std::move(text);
    return r;
}
Reply Reply::nullBulk() { return Reply{}; }
Reply Reply::array(std::vector<Reply> elements) {
    Reply r;
    r.type = Type::Array;
    r.elements = std::move(elements);
    return r;
}
Reply Reply::nullArray() {
    Reply r;
    r.type = Type::NullArray;
    return r;
}

} // namespace jollyjet::redis

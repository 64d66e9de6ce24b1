#include "jollyjet/mongo/Bson.h"

#include <cmath>
#include <cstring>
#include <sstream>

#include <Poco/BinaryReader.h>
#include <Poco/BinaryWriter.h>
#include <Poco/MemoryStream.h>

#include "jollyjet/mongo/Errors.h"

namespace jollyjet::mongo {

namespace {

std::int32_t readInt32(std::string_view bytes, std::size_t at) {
    std::uint32_t v = 0;
    for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<std::uint8_t>(bytes[at + static_cast<std::size_t>(i)]);
    return static_cast<std::int32_t>(v);
}

const char* typeName(unsigned char type) {
    switch (type) {
    case 0x06: return "undefined";
    case 0x0C: return "DBPointer";
    case 0x0E: return "symbol";
    case 0x0F: return "code with scope";
    case 0x13: return "decimal128";
    case 0x7F: return "MaxKey";
    case 0xFF: return "MinKey";
    default: return "unknown";
    }
}

// Walks one document starting at `at` (bounded by `end`) and returns its length.
std::size_t checkDocument(std::string_view bytes, std::size_t at, std::size_t end, int depth) {
    if (depth > 100) throw ProtocolError("BSON nested deeper than 100 levels");
    if (end - at < 5) throw ProtocolError("BSON document shorter than 5 bytes");
    const std::int32_t length = readInt32(bytes, at);
    if (length < 5 || static_cast<std::size_t>(length) > end - at)
        throw ProtocolError("BSON document length " + std::to_string(length) + " does not fit its buffer");
    const std::size_t docEnd = at + static_cast<std::size_t>(length);
    if (bytes[docEnd - 1] != '\0') throw ProtocolError("BSON document does not end with a zero byte");
    std::size_t pos = at + 4;
    const auto need = [&](std::size_t n, const std::string& what) {
        if (docEnd - 1 - pos < n) throw ProtocolError("BSON " + what + " runs past the end of its document");
    };
    const auto cstring = [&](const std::string& what) {
        const void* zero = std::memchr(bytes.data() + pos, 0, docEnd - 1 - pos);
        if (zero == nullptr) throw ProtocolError("BSON " + what + " is not terminated");
        pos = static_cast<std::size_t>(static_cast<const char*>(zero) - bytes.data()) + 1;
    };
    const auto lengthString = [&](const std::string& what) {
        need(4, what);
        const std::int32_t n = readInt32(bytes, pos);
        if (n < 1) throw ProtocolError("BSON " + what + " has a bad length");
        pos += 4;
        need(static_cast<std::size_t>(n), what);
        if (bytes[pos + static_cast<std::size_t>(n) - 1] != '\0') throw ProtocolError("BSON " + what + " is not terminated");
        pos += static_cast<std::size_t>(n);
    };
    while (pos < docEnd - 1) {
        const auto type = static_cast<unsigned char>(bytes[pos++]);
        cstring("field name");
        const std::string field = "field";
        switch (type) {
        case 0x01: case 0x09: case 0x11: case 0x12: need(8, field); pos += 8; break;
        case 0x10: need(4, field); pos += 4; break;
        case 0x08: need(1, field); pos += 1; break;
        case 0x0A: break;
        case 0x07: need(12, field); pos += 12; break;
        case 0x02: case 0x0D: lengthString("string"); break;
        case 0x03: case 0x04: pos += checkDocument(bytes, pos, docEnd - 1, depth + 1); break;
        case 0x05: {
            need(5, "binary");
            const std::int32_t n = readInt32(bytes, pos);
            if (n < 0) throw ProtocolError("BSON binary has a negative length");
            pos += 5;
            need(static_cast<std::size_t>(n), "binary");
            pos += static_cast<std::size_t>(n);
            break;
        }
        case 0x0B: cstring("regex"); cstring("regex options"); break;
        default: {
            std::ostringstream msg;
            msg << "BSON type 0x" << std::hex << static_cast<int>(type) << " (" << typeName(type)
                << ") is not supported by this client";
            throw ProtocolError(msg.str());
        }
        }
    }
    if (pos != docEnd - 1) throw ProtocolError("BSON element runs past the end of its document");
    return static_cast<std::size_t>(length);
}

} // namespace

std::size_t checkBson(std::string_view bytes) { return checkDocument(bytes, 0, bytes.size(), 0); }

std::string encode(const Document& document) {
    std::ostringstream out;
    Poco::BinaryWriter writer(out, Poco::BinaryWriter::LITTLE_ENDIAN_BYTE_ORDER);
    // Document::write is not const only because BSONWriter takes values by reference.
    const_cast<Document&>(document).write(writer);
    writer.flush();
    return out.str();
}

Document::Ptr decode(std::string_view bytes) {
    if (checkBson(bytes) != bytes.size()) throw ProtocolError("bytes follow the BSON document");
    Poco::MemoryInputStream in(bytes.data(), bytes.size());
    Poco::BinaryReader reader(in, Poco::BinaryReader::LITTLE_ENDIAN_BYTE_ORDER);
    Document::Ptr document = makeDocument();
    document->read(reader);
    return document;
}

std::vector<Element::Ptr> elementsOf(const Document& document) {
    std::vector<std::string> names;
    document.elementNames(names);
    std::vector<Element::Ptr> out;
    out.reserve(names.size());
    for (const auto& name : names) out.push_back(document.get(name));
    return out;
}

Array::Ptr makeArray(const std::vector<Document::Ptr>& documents) {
    Array::Ptr array = new Array();
    for (std::size_t i = 0; i < documents.size(); ++i) array->add(std::to_string(i), documents[i]);
    return array;
}

std::vector<Document::Ptr> documentsOf(const Document& array) {
    std::vector<Document::Ptr> out;
    for (const auto& element : elementsOf(array)) {
        if (element->type() == Poco::MongoDB::ElementTraits<Document::Ptr>::TypeId)
            out.push_back(as<Document::Ptr>(element)->value());
    }
    return out;
}

Document::Ptr subDocument(const Document& document, const std::string& name) {
    const Element::Ptr element = document.get(name);
    if (element.isNull()) return nullptr;
    if (auto* doc = as<Document::Ptr>(element)) return doc->value();
    if (auto* arr = as<Array::Ptr>(element)) return arr->value();
    return nullptr;
}

std::optional<std::int64_t> integerOf(const Element::Ptr& element) {
    if (element.isNull()) return std::nullopt;
    using Poco::MongoDB::ConcreteElement;
    if (auto* i32 = as<Poco::Int32>(element)) return i32->value();
    if (auto* i64 = as<Poco::Int64>(element)) return i64->value();
    if (auto* dbl = as<double>(element)) {
        const double v = dbl->value();
        if (std::isfinite(v) && std::trunc(v) == v && std::fabs(v) < 9.2e18) return static_cast<std::int64_t>(v);
    }
    return std::nullopt;
}

std::int64_t integerField(const Document& document, const std::string& name, std::int64_t fallback) {
    return integerOf(document.get(name)).value_or(fallback);
}

std::string stringField(const Document& document, const std::string& name, const std::string& fallback) {
    return document.get<std::string>(name, fallback);
}

bool isOk(const Document& reply) {
    const Element::Ptr ok = reply.get("ok");
    if (ok.isNull()) return false;
    if (auto* b = as<bool>(ok)) return b->value();
    if (auto* d = as<double>(ok)) return d->value() == 1.0;
    return integerOf(ok) == 1;
}

} // namespace jollyjet::mongo

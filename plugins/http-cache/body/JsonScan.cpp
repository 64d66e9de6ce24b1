#include "body/JsonScan.h"

#include <cstdint>

namespace jollyjet::httpcache::json {

namespace {

constexpr std::size_t kMaxDepth = 256;

std::size_t skipSpace(std::string_view text, std::size_t pos) {
    while (pos < text.size() &&
           (text[pos] == ' ' || text[pos] == '\t' || text[pos] == '\n' || text[pos] == '\r'))
        ++pos;
    return pos;
}

// End of the string literal starting at `pos` (a quote), or nullopt.
std::optional<std::size_t> skipString(std::string_view text, std::size_t pos) {
    if (pos >= text.size() || text[pos] != '"') return std::nullopt;
    for (++pos; pos < text.size(); ++pos) {
        const char c = text[pos];
        if (c == '\\') {
            ++pos;
        } else if (c == '"') {
            return pos + 1;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            return std::nullopt;
        }
    }
    return std::nullopt;
}

std::optional<std::size_t> skipAt(std::string_view text, std::size_t pos, std::size_t depth) {
    if (depth > kMaxDepth) return std::nullopt;
    pos = skipSpace(text, pos);
    if (pos >= text.size()) return std::nullopt;
    const char c = text[pos];
    if (c == '"') return skipString(text, pos);
    if (c == '{' || c == '[') {
        const char close = c == '{' ? '}' : ']';
        pos = skipSpace(text, pos + 1);
        if (pos < text.size() && text[pos] == close) return pos + 1;
        while (true) {
            if (c == '{') {
                auto afterName = skipString(text, skipSpace(text, pos));
                if (!afterName) return std::nullopt;
                pos = skipSpace(text, *afterName);
                if (pos >= text.size() || text[pos] != ':') return std::nullopt;
                ++pos;
            }
            auto afterValue = skipAt(text, pos, depth + 1);
            if (!afterValue) return std::nullopt;
            pos = skipSpace(text, *afterValue);
            if (pos >= text.size()) return std::nullopt;
            if (text[pos] == close) return pos + 1;
            if (text[pos] != ',') return std::nullopt;
            ++pos;
        }
    }
    // number or literal: a run of the characters they are made of
    const std::size_t start = pos;
    while (pos < text.size()) {
        const char d = text[pos];
        const bool part = (d >= '0' && d <= '9') || (d >= 'a' && d <= 'z') || d == '-' || d == '+' ||
                          d == '.' || d == 'E';
        if (!part) break;
        ++pos;
    }
    if (pos == start) return std::nullopt;
    const std::string_view word = text.substr(start, pos - start);
    const bool literal = word == "true" || word == "false" || word == "null";
    const bool number = (word[0] >= '0' && word[0] <= '9') || word[0] == '-';
    if (!literal && !number) return std::nullopt;
    return pos;
}

void appendUtf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

std::optional<std::uint32_t> hex4(std::string_view text, std::size_t pos) {
    if (pos + 4 > text.size()) return std::nullopt;
    std::uint32_t value = 0;
    for (std::size_t i = pos; i < pos + 4; ++i) {
        const char c = text[i];
        value <<= 4;
        if (c >= '0' && c <= '9') value |= static_cast<std::uint32_t>(c - '0');
        else if (c >= 'a' && c <= 'f') value |= static_cast<std::uint32_t>(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') value |= static_cast<std::uint32_t>(c - 'A' + 10);
        else return std::nullopt;
    }
    return value;
}

} // namespace

std::optional<std::size_t> skipValue(std::string_view text, std::size_t pos) {
    return skipAt(text, pos, 0);
}

std::optional<std::string> unquote(std::string_view literal) {
    if (literal.size() < 2 || literal.front() != '"' || literal.back() != '"') return std::nullopt;
    std::string out;
    out.reserve(literal.size() - 2);
    for (std::size_t i = 1; i + 1 < literal.size(); ++i) {
        const char c = literal[i];
        if (c != '\\') {
            out += c;
            continue;
        }
        if (++i >= literal.size() - 1) return std::nullopt; // an escaped closing quote
        switch (literal[i]) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
            auto cp = hex4(literal, i + 1);
            if (!cp) return std::nullopt;
            i += 4;
            if (*cp >= 0xD800 && *cp < 0xDC00 && i + 6 < literal.size() && literal[i + 1] == '\\' &&
                literal[i + 2] == 'u') {
                auto low = hex4(literal, i + 3);
                if (low && *low >= 0xDC00 && *low < 0xE000) {
                    *cp = 0x10000 + ((*cp - 0xD800) << 10) + (*low - 0xDC00);
                    i += 6;
                }
            }
            appendUtf8(out, *cp);
            break;
        }
        default: return std::nullopt;
        }
    }
    return out;
}

std::optional<std::vector<Member>> members(std::string_view object) {
    std::size_t pos = skipSpace(object, 0);
    if (pos >= object.size() || object[pos] != '{') return std::nullopt;
    // Validate the whole object once, then walk its members.
    auto end = skipValue(object, pos);
    if (!end || skipSpace(object, *end) != object.size()) return std::nullopt;
    std::vector<Member> out;
    pos = skipSpace(object, pos + 1);
    if (object[pos] == '}') return out;
    while (true) {
        pos = skipSpace(object, pos);
        const auto afterName = skipString(object, pos);
        auto name = unquote(object.substr(pos, *afterName - pos));
        if (!name) return std::nullopt;
        pos = skipSpace(object, *afterName) + 1; // past ':'
        pos = skipSpace(object, pos);
        const auto afterValue = skipValue(object, pos);
        out.push_back(Member{std::move(*name), object.substr(pos, *afterValue - pos)});
        pos = skipSpace(object, *afterValue);
        if (object[pos] == '}') return out;
        ++pos; // ','
    }
}

std::optional<std::vector<std::string>> stringArray(std::string_view array) {
    std::size_t pos = skipSpace(array, 0);
    if (pos >= array.size() || array[pos] != '[') return std::nullopt;
    auto end = skipValue(array, pos);
    if (!end || skipSpace(array, *end) != array.size()) return std::nullopt;
    std::vector<std::string> out;
    pos = skipSpace(array, pos + 1);
    if (array[pos] == ']') return out;
    while (true) {
        pos = skipSpace(array, pos);
        const auto after = skipString(array, pos);
        if (!after) return std::nullopt;
        auto text = unquote(array.substr(pos, *after - pos));
        if (!text) return std::nullopt;
        out.push_back(std::move(*text));
        pos = skipSpace(array, *after);
        if (array[pos] == ']') return out;
        ++pos;
    }
}

} // namespace jollyjet::httpcache::json

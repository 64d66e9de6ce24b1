#include "jollyjet/log/Redact.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace jollyjet::log {

namespace {

constexpr std::string_view kRedacted = "[REDACTED]";
constexpr const char* kHex = "0123456789abcdef";

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// A parameter name may arrive percent-encoded (`%74oken`): compare its decoded form.
std::string decodeName(std::string_view name) {
    std::string out;
    for (std::size_t i = 0; i < name.size(); ++i) {
        if (name[i] == '%' && i + 2 < name.size() && hexValue(name[i + 1]) >= 0 &&
            hexValue(name[i + 2]) >= 0) {
            out += static_cast<char>(hexValue(name[i + 1]) * 16 + hexValue(name[i + 2]));
            i += 2;
        } else {
            out += name[i] == '+' ? ' ' : name[i];
        }
    }
    return out;
}

std::string redactQuery(std::string_view query) {
    std::string out;
    std::size_t start = 0;
    while (start <= query.size()) {
        auto end = query.find_first_of("&;", start);
        if (end == std::string_view::npos) end = query.size();
        const std::string_view pair = query.substr(start, end - start);
        const auto eq = pair.find('=');
        const std::string_view name = pair.substr(0, eq);
        if (eq != std::string_view::npos && isSecretName(decodeName(name))) {
            out.append(name);
            out += '=';
            out.append(kRedacted);
        } else {
            out.append(pair);
        }
        if (end < query.size()) out += query[end];
        start = end + 1;
    }
    return out;
}

// `scheme://user:password@host...`: the password replaced.
std::string redactUserInfo(std::string_view uri) {
    const auto scheme = uri.find("://");
    if (scheme == std::string_view::npos) return std::string(uri);
    const auto authorityStart = scheme + 3;
    const auto authorityEnd = uri.find_first_of("/?#", authorityStart);
    const auto at = uri.rfind('@', authorityEnd == std::string_view::npos ? uri.size() : authorityEnd);
    if (at == std::string_view::npos || at < authorityStart) return std::string(uri);
    const auto colon = uri.find(':', authorityStart);
    if (colon == std::string_view::npos || colon > at) {
        // No ':' : the whole user information may be a token (`https://TOKEN@host`).
        return std::string(uri.substr(0, authorityStart)) + std::string(kRedacted) +
               std::string(uri.substr(at));
    }
    return std::string(uri.substr(0, colon + 1)) + std::string(kRedacted) + std::string(uri.substr(at));
}

void appendUnicodeEscape(std::string& out, unsigned code) {
    out += "\\u";
    for (int shift = 12; shift >= 0; shift -= 4) out += kHex[(code >> shift) & 0xF];
}

} // namespace

bool isSecretName(std::string_view name) {
    static constexpr std::array<std::string_view, 17> kNames = {
        "token",    "access_token", "refresh_token", "id_token", "password",  "passwd",
        "pwd",      "secret",       "client_secret", "api_key",  "apikey",    "api-key",
        "auth",     "authorization", "signature",    "sig",      "writetoken"};
    return std::any_of(kNames.begin(), kNames.end(), [&](std::string_view n) { return iequals(n, name); });
}

std::string redactUri(std::string_view uri) {
    const auto question = uri.find('?');
    std::string out = redactUserInfo(uri.substr(0, question));
    if (question == std::string_view::npos) return out;
    const auto hash = uri.find('#', question);
    out += '?';
    out += redactQuery(uri.substr(question + 1, hash == std::string_view::npos ? std::string_view::npos
                                                                              : hash - question - 1));
    if (hash != std::string_view::npos) out.append(uri.substr(hash));
    return out;
}

std::string escapeControl(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c < 0x20 || c == 0x7f) {
            out += "\\x";
            out += kHex[c >> 4];
            out += kHex[c & 0xF];
        } else if (c == 0xC2 && i + 1 < text.size() &&
                   static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                   static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
            // C1 controls (NEL among them) end a line in some viewers.
            appendUnicodeEscape(out, static_cast<unsigned char>(text[++i]));
        } else if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
                   (static_cast<unsigned char>(text[i + 2]) == 0xA8 ||
                    static_cast<unsigned char>(text[i + 2]) == 0xA9)) {
            // U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR
            appendUnicodeEscape(out, 0x2000u + static_cast<unsigned char>(text[i + 2]) - 0x80u);
            i += 2;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

void appendJsonLogString(std::string& out, std::string_view text) {
    out += '"';
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (c < 0x20 || c == 0x7f) {
                appendUnicodeEscape(out, c);
            } else if (c == 0xC2 && i + 1 < text.size() &&
                       static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                       static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
                appendUnicodeEscape(out, static_cast<unsigned char>(text[++i]));
            } else if (c == 0xE2 && i + 2 < text.size() &&
                       static_cast<unsigned char>(text[i + 1]) == 0x80 &&
                       (static_cast<unsigned char>(text[i + 2]) == 0xA8 ||
                        static_cast<unsigned char>(text[i + 2]) == 0xA9)) {
                appendUnicodeEscape(out, 0x2000u + static_cast<unsigned char>(text[i + 2]) - 0x80u);
                i += 2;
            } else {
                out += static_cast<char>(c);
            }
        }
    }
    out += '"';
}

std::string maskSecrets(std::string_view text, const std::vector<std::string>& secrets) {
    std::string out(text);
    for (const auto& secret : secrets) {
        if (secret.size() < 4) continue;
        std::size_t at = 0;
        while ((at = out.find(secret, at)) != std::string::npos) {
            out.replace(at, secret.size(), kRedacted);
            at += kRedacted.size();
        }
    }
    return out;
}

} // namespace jollyjet::log

#include "jollyjet/http/Exchange.h"

namespace jollyjet::http {

namespace {

int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Lenient, like browsers and Express: a '%' not followed by two hex digits is kept.
std::string decodeComponent(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '+') {
            out += ' ';
        } else if (c == '%' && i + 2 < text.size() && hexValue(text[i + 1]) >= 0 &&
                   hexValue(text[i + 2]) >= 0) {
            out += static_cast<char>(hexValue(text[i + 1]) * 16 + hexValue(text[i + 2]));
            i += 2;
        } else {
            out += c;
        }
    }
    return out;
}

const std::string kEmpty;

} // namespace

void Params::add(std::string name, std::string value) {
    items_.emplace_back(std::move(name), std::move(value));
}

std::optional<std::string> Params::get(std::string_view name) const {
    for (const auto& [key, value] : items_)
        if (key == name) return value;
    return std::nullopt;
}

std::size_t Params::count(std::string_view name) const {
    std::size_t n = 0;
    for (const auto& item : items_)
        if (item.first == name) ++n;
    return n;
}

Params Params::parseQuery(std::string_view query) {
    Params params;
    while (!query.empty()) {
        const auto amp = query.find('&');
        std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        if (pair.empty()) continue;
        const auto eq = pair.find('=');
        if (eq == std::string_view::npos)
            params.add(decodeComponent(pair), "");
        else
            params.add(decodeComponent(pair.substr(0, eq)), decodeComponent(pair.substr(eq + 1)));
    }
    return params;
}

const std::string& Request::header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? kEmpty : it->second;
}

} // namespace jollyjet::http

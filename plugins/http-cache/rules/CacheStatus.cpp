#include "rules/CacheStatus.h"

namespace jollyjet::httpcache {

namespace {

// sf-token (RFC 8941 3.3.4): ALPHA or '*' first, then tchar, ':' or '/'.
bool isToken(const std::string& text) {
    if (text.empty()) return false;
    const auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
    if (!alpha(text[0]) && text[0] != '*') return false;
    static constexpr std::string_view kExtra = "!#$%&'*+-.^_`|~:/";
    for (char c : text)
        if (!alpha(c) && !(c >= '0' && c <= '9') && kExtra.find(c) == std::string_view::npos)
            return false;
    return true;
}

void appendItem(std::string& out, const std::string& text) {
    if (isToken(text)) {
        out += text;
        return;
    }
    // sf-string: printable ASCII, '"' and '\' escaped.
    out += '"';
    for (char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        if (c >= 0x20 && c < 0x7f) out += c;
    }
    out += '"';
}

} // namespace

std::string CacheStatus::format() const {
    std::string out;
    appendItem(out, cache);
    if (hit) out += "; hit";
    if (!fwd.empty()) out += "; fwd=" + fwd;
    if (fwdStatus) out += "; fwd-status=" + std::to_string(*fwdStatus);
    if (ttl) out += "; ttl=" + std::to_string(*ttl);
    if (stored) out += "; stored";
    if (collapsed) out += "; collapsed";
    if (!detail.empty()) {
        out += "; detail=";
        appendItem(out, detail);
    }
    return out;
}

std::int64_t floorSeconds(std::int64_t ms) {
    return ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
}

std::string ageValue(std::int64_t storedAtMs, std::int64_t nowMs) {
    const std::int64_t age = nowMs > storedAtMs ? (nowMs - storedAtMs) / 1000 : 0;
    return std::to_string(age);
}

} // namespace jollyjet::httpcache

#include "jollyjet/http/EntityTag.h"

#include <Poco/DigestEngine.h>
#include <Poco/SHA1Engine.h>

namespace jollyjet::http {

std::string strongEtag(int status, std::string_view body) {
    Poco::SHA1Engine sha;
    const std::string head = std::to_string(status) + "\n";
    sha.update(head.data(), head.size());
    sha.update(body.data(), body.size());
    const std::string hex = Poco::DigestEngine::digestToHex(sha.digest());
    return "\"" + hex.substr(0, 32) + "\"";
}

bool ifNoneMatchMatches(std::string_view header, std::string_view etag) {
    auto opaque = [](std::string_view tag) {
        if (tag.starts_with("W/")) tag.remove_prefix(2);
        return tag;
    };
    const std::string_view wanted = opaque(etag);
    std::size_t pos = 0;
    while (pos < header.size()) {
        while (pos < header.size() && (header[pos] == ' ' || header[pos] == '\t' || header[pos] == ','))
            ++pos;
        if (pos >= header.size()) break;
        if (header[pos] == '*') return true;
        std::size_t end = pos;
        if (header.substr(pos).starts_with("W/")) end += 2;
        if (end < header.size() && header[end] == '"') {
            const auto close = header.find('"', end + 1);
            if (close == std::string_view::npos) return false;
            end = close + 1;
        } else {
            while (end < header.size() && header[end] != ',') ++end;
        }
        if (opaque(header.substr(pos, end - pos)) == wanted) return true;
        pos = end;
    }
    return false;
}

} // namespace jollyjet::http

#include "rules/CacheControl.h"

#include <string>

namespace jollyjet::httpcache {

CacheControl CacheControl::parse(std::string_view header) {
    CacheControl out;
    std::size_t pos = 0;
    while (pos <= header.size()) {
        std::size_t end = pos;
        bool quoted = false;
        // A comma inside a quoted argument does not end the directive.
        while (end < header.size() && (quoted || header[end] != ',')) {
            if (header[end] == '"') quoted = !quoted;
            ++end;
        }
        std::string_view item = header.substr(pos, end - pos);
        if (auto eq = item.find('='); eq != std::string_view::npos) item = item.substr(0, eq);
        while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
        while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
        std::string name(item);
        for (char& c : name) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        if (name == "no-store") out.noStore = true;
        else if (name == "no-cache") out.noCache = true;
        else if (name == "private") out.isPrivate = true;
        pos = end + 1;
    }
    return out;
}

} // namespace jollyjet::httpcache

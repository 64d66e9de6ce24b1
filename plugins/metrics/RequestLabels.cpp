#include "RequestLabels.h"

#include <array>
#include <string_view>

#include <Poco/String.h>

namespace jollyjet::observe {

std::string methodLabel(const std::string& method) {
    static constexpr std::array<std::string_view, 7> kKnown = {"GET",    "HEAD",   "POST",   "PUT",
                                                               "PATCH",  "DELETE", "OPTIONS"};
    for (auto known : kKnown)
        if (method == known) return method;
    return "other";
}

std::string routeLabel(const std::string& matched) { return matched.empty() ? "unmatched" : matched; }

std::optional<CacheNote> cacheNote(const std::string& name, const std::string& value) {
    constexpr std::string_view kPrefix = "cache.";
    if (name.size() <= kPrefix.size() || name.compare(0, kPrefix.size(), kPrefix) != 0)
        return std::nullopt;
    std::string layer = Poco::toLower(name.substr(kPrefix.size()));
    if (layer == "http-cache") layer = "http";
    const std::string result = Poco::toLower(value);
    static constexpr std::array<std::string_view, 5> kResults = {"hit", "miss", "stale", "coalesced",
                                                                 "error"};
    for (auto known : kResults)
        if (result == known) return CacheNote{layer, result};
    return std::nullopt;
}

} // namespace jollyjet::observe

#pragma once

// Shared by the http-cache e2e tests: a ProductStack with http-cache (and, when
// asked, the test-only handler-count plugin) loaded from a private plugin folder.
#include <memory>
#include <string>

#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Query.h>

#include "PluginFolder.h"
#include "ProductStack.h"

namespace jollyjet::test {

struct CacheStackOptions {
    std::string store = "sqlite";
    std::string cache = "redis";
    bool countHandlers = false;  ///< load handler-count (GET /test/handler-count)
    int handlerDelayMs = 0;      ///< handler-count slows every GET by this much
    std::string httpCacheIni;    ///< extra [plugin.http-cache] lines
    std::string extraIni;        ///< anything else
};

/// ProductStack for http-cache tests; consistency checks are off unless asked for.
std::unique_ptr<ProductStack> makeCacheStack(const CacheStackOptions& options, const PluginFolder& plugins);

/// How many times handler-count saw `GET target` on this server.
long handlerRuns(const Jollyjetd& server, const std::string& target);

inline Poco::Dynamic::Var jsonAt(const std::string& body, const std::string& path) {
    return Poco::JSON::Query(Poco::JSON::Parser().parse(body)).find(path);
}
inline std::string jsonStr(const std::string& body, const std::string& path) {
    return jsonAt(body, path).convert<std::string>();
}
inline long long jsonNum(const std::string& body, const std::string& path) {
    return jsonAt(body, path).convert<long long>();
}

} // namespace jollyjet::test

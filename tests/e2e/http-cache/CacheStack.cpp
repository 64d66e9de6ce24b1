#include "CacheStack.h"

#include <Poco/URI.h>

namespace jollyjet::test {

std::unique_ptr<ProductStack> makeCacheStack(const CacheStackOptions& options, const PluginFolder& plugins) {
    StackOptions stack;
    stack.store = options.store;
    stack.cache = options.cache;
    stack.plugins = "timing, http-cache, product-repository";
    if (options.countHandlers) stack.plugins += ", handler-count";
    stack.extraIni = "[plugins]\npath = " + plugins.path() + "\n";
    stack.extraIni += "[plugin.http-cache]\nconsistencyCheck = 0\n" + options.httpCacheIni + "\n";
    if (options.countHandlers)
        stack.extraIni += "[plugin.handler-count]\ndelayMs = " + std::to_string(options.handlerDelayMs) + "\n";
    stack.extraIni += options.extraIni;
    return std::make_unique<ProductStack>(stack);
}

long handlerRuns(const Jollyjetd& server, const std::string& target) {
    std::string encoded;
    Poco::URI::encode(target, "?&=/+:", encoded);
    auto r = server.get("/test/handler-count?uri=" + encoded);
    if (r.status != 200) return -1;
    return static_cast<long>(jsonNum(r.body, "count"));
}

} // namespace jollyjet::test

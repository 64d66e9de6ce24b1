#include "ImportCommand.h"

#include <fstream>
#include <iostream>

#include <Poco/AutoPtr.h>
#include <Poco/Path.h>
#include <Poco/Util/IniFileConfiguration.h>
#include <Poco/Util/LayeredConfiguration.h>
#include <Poco/Util/MapConfiguration.h>

#include "Importer.h"
#include "jollyjet/Backends.h"
#include "jollyjet/Services.h"
#include "jollyjet/cache/CacheService.h"
#include "jollyjet/config/CoreSchema.h"
#include "jollyjet/events/Events.h"
#include "jollyjet/health/HealthRegistry.h"
#include "service/ProductService.h"
#include "jollyjet/http/Filter.h"
#include "jollyjet/http/Router.h"
#include "jollyjet/log/LogManager.h"
#include "jollyjet/metrics/Metrics.h"
#include "store/OpenProductStore.h"

namespace jollyjet::products {

namespace {

constexpr int kRefusedLines = 1;
constexpr int kFailed = 2;

Poco::AutoPtr<Poco::Util::LayeredConfiguration> loadConfig(const ImportOptions& options,
                                                            std::vector<std::string>& problems) {
    Poco::AutoPtr<Poco::Util::LayeredConfiguration> config(new Poco::Util::LayeredConfiguration);
    const std::string path = Poco::Path(options.configPath).absolute().toString();
    try {
        config->add(new Poco::Util::IniFileConfiguration(path), 0, false);
    } catch (const Poco::Exception& e) {
        problems.push_back(path + ": " + e.displayText());
        return config;
    }
    Poco::AutoPtr<Poco::Util::MapConfiguration> defines(new Poco::Util::MapConfiguration);
    for (const auto& [key, value] : options.defines) defines->setString(key, value);
    config->add(defines, -1, true);
    config::validateCore(*config, path, problems);
    config::resolveCorePaths(*config, Poco::Path(path).parent().toString());
    return config;
}

} // namespace

int runImport(const ImportOptions& options) {
    std::vector<std::string> problems;
    auto config = loadConfig(options, problems);
    if (!problems.empty()) {
        for (const auto& p : problems) std::cerr << "jollyjet-import: " << p << '\n';
        return kFailed;
    }
    std::ifstream file;
    if (options.input != "-") {
        file.open(options.input);
        if (!file) {
            std::cerr << "jollyjet-import: cannot read " << options.input << '\n';
            return kFailed;
        }
    }
    std::istream& in = options.input == "-" ? std::cin : file;

    // The tool talks to the terminal, not to the server's log file.
    LogSettings logSettings = LogSettings::fromConfig(*config);
    logSettings.sink = "console";
    logSettings.level = "warn";
    LogManager logs(logSettings);
    http::Router router;
    http::FilterChain filters(router);
    HealthRegistry health;
    Events events;
    metrics::Registry metrics;
    Services services(*config, logs, router, filters, health, events, metrics);

    try {
        Backends backends(*config, services, logs);
        auto store = openProductStore(*config, services);
        store->prepare();
        cache::CacheService* cache = services.hasCache() ? &services.cache() : nullptr;
        bool told = true;
        // Each batch retires the item tags of the ids it named (a cached 404 of an id
        // the file brings); the lists and counts are retired once, at the end.
        Importer importer(*store, std::cerr, options.batchSize, [&](const std::vector<std::string>& ids) {
            if (!cache) return;
            std::vector<std::string> tags;
            tags.reserve(ids.size());
            for (const auto& id : ids) tags.push_back(productTag(id));
            cache->invalidateTags(tags);
            told = told && cache->available();
        });
        const ImportReport report = importer.run(in);
        if (cache && report.imported > 0) {
            cache->invalidateTags({kListsTag});
            told = told && cache->available();
        }
        std::cout << "imported " << report.imported << " of " << report.lines << " products into "
                  << store->name() << " in " << report.seconds << " s ("
                  << static_cast<std::int64_t>(report.seconds > 0 ? report.imported / report.seconds : 0)
                  << " products/s); " << report.rejected << " lines refused\n";
        if (!told) {
            std::cerr << "jollyjet-import: the cache could not be told (tags not invalidated): "
                         "cached lists and counts show the old catalog until they expire\n";
            return kFailed;
        }
        return report.rejected > 0 ? kRefusedLines : 0;
    } catch (const std::exception& e) {
        std::cerr << "jollyjet-import: " << e.what() << '\n';
        return kFailed;
    }
}

} // namespace jollyjet::products

#pragma once

#include "jollyjet/Export.h"

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <Poco/ClassLoader.h>

#include "jollyjet/plugin/Plugin.h"

namespace Poco::Util {
class AbstractConfiguration;
}

namespace jollyjet {

class Services;

/// A problem with one or more plugins. what() holds every problem, one per line,
/// each naming the plugin and, where there is one, the file.
class JOLLYJET_API PluginError : public std::runtime_error {
public:
    explicit PluginError(const std::vector<std::string>& problems);
    ~PluginError() override;
    const std::vector<std::string>& problems() const { return problems_; }

private:
    std::vector<std::string> problems_;
};

/// Loads the enabled plugins and drives their lifecycle in dependency order.
///
///   load(names)    open `<dir>/<name>.so`, check its ABI number, create the plugin
///   order()        sort by dependencies() (missing dependency or cycle: PluginError)
///   validate(cfg)  every plugin checks `[plugin.<name>]`; all problems are collected
///   initAll/startAll  in order; on a failure the plugins already started are stopped
///   stopAll        in reverse start order; safe to call more than once
///
/// Libraries stay loaded until the process exits: unloading code whose objects may
/// still be referenced (a filter in the chain, a route handler) would crash.
class JOLLYJET_API PluginRegistry {
public:
    explicit PluginRegistry(std::string directory);
    ~PluginRegistry();

    /// Loads every named plugin; all load problems are reported in one PluginError.
    void load(const std::vector<std::string>& names);
    /// Adds an already created plugin (tests, built-ins).
    void add(std::unique_ptr<Plugin> plugin, std::string file = "(built-in)");

    void order();
    std::vector<std::string> validate(const Poco::Util::AbstractConfiguration& config) const;
    void initAll(Poco::Util::AbstractConfiguration& config, Services& services);
    void startAll();
    void stopAll() noexcept;

    /// Names in the current order (after order(): start order).
    std::vector<std::string> names() const;
    std::vector<std::string> started() const;
    std::string libraryPath(const std::string& name) const;

private:
    struct Loaded {
        std::string file;
        std::unique_ptr<Plugin> plugin;
        bool started = false;
    };
    std::string directory_;
    std::unique_ptr<Poco::ClassLoader<Plugin>> loader_;
    std::vector<Loaded> plugins_;
    std::vector<std::size_t> startOrder_;
};

} // namespace jollyjet

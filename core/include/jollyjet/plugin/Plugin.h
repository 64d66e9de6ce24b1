#pragma once

#include <string>
#include <vector>

#include <Poco/ClassLibrary.h>

namespace Poco::Util {
class AbstractConfiguration;
}

namespace jollyjet {

class Services;

/// The ABI number of this core. A plugin exports the number it was compiled with
/// (JOLLYJET_PLUGIN below); the registry refuses a plugin whose number differs,
/// before any of its code runs. Bump it whenever a header in core/include changes a
/// class layout or a virtual table.
inline constexpr unsigned kAbiVersion = 3;

/// A unit of server functionality loaded from a shared library.
///
/// The registry drives every plugin through one fixed lifecycle:
///   validate(config)  all plugins, before any init; problems are collected
///   init(config, services)  in dependency order
///   start()           in dependency order
///   stop()            in reverse start order, only for plugins that started
/// A plugin sees only its own config section (`[plugin.<name>]`) and reaches shared
/// things only through Services. A plugin is never unloaded while the process lives.
class Plugin {
public:
    virtual ~Plugin();

    /// The name operators write in `[plugins] enabled`; also the library's file name.
    virtual std::string name() const = 0;
    virtual std::string version() const = 0;
    /// Plugins that must be initialized and started before this one (DESIGN.md's
    /// `requires`; that word is a C++20 keyword).
    virtual std::vector<std::string> dependencies() const { return {}; }

    /// Checks the plugin's config view and appends one message per problem.
    /// Must not touch the network or start threads.
    virtual void validate(const Poco::Util::AbstractConfiguration& config,
                          std::vector<std::string>& problems) const;
    virtual void init(const Poco::Util::AbstractConfiguration& config, Services& services) = 0;
    virtual void start() {}
    virtual void stop() {}
};

} // namespace jollyjet

/// Exports `CLASS` as the plugin of this library, with the ABI number it was built
/// against. Use once per plugin library, at namespace scope.
#ifndef JOLLYJET_PLUGIN_ABI
#define JOLLYJET_PLUGIN_ABI ::jollyjet::kAbiVersion
#endif
#define JOLLYJET_PLUGIN(CLASS)                                                                     \
    extern "C" __attribute__((visibility("default"))) unsigned jollyjet_plugin_abi_version() {      \
        return JOLLYJET_PLUGIN_ABI;                                                                \
    }                                                                                              \
    POCO_BEGIN_MANIFEST(::jollyjet::Plugin)                                                        \
    POCO_EXPORT_CLASS(CLASS)                                                                       \
    POCO_END_MANIFEST

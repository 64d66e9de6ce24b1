#pragma once

#include "jollyjet/Export.h"

#include <string>
#include <vector>

#include <Poco/ClassLibrary.h>

#include "jollyjet/AbiSignature.h"

namespace Poco::Util {
class AbstractConfiguration;
}

namespace jollyjet {

class Services;

/// The ABI signature this core was built with (see AbiSignature.h).
inline constexpr const char* kAbiSignature = JOLLYJET_ABI_SIGNATURE;

/// A unit of server functionality loaded from a shared library.
///
/// The registry drives every plugin through one fixed lifecycle:
///   validate(config)  all plugins, before any init; problems are collected
///   init(config, services)  in dependency order
///   start()           in dependency order
///   stop()            in reverse start order, only for plugins that started
/// A plugin sees only its own config section (`[plugin.<name>]`) and reaches shared
/// things only through Services. A plugin is never unloaded while the process lives.
class JOLLYJET_API Plugin {
public:
    virtual ~Plugin();

    /// The name operators write in `[plugins] enabled`; also the library's file name.
    virtual std::string name() const = 0;
    virtual std::string version() const = 0;
    /// Plugins that must be initialized and started before this one (a plugin's
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

/// Exports `CLASS` as the plugin of this library and stamps the library with the ABI
/// signature it was built against, in a section of its own that the registry reads
/// from the file before loading it. Use once per plugin library, at namespace scope.
#ifndef JOLLYJET_PLUGIN_ABI_SIGNATURE
#define JOLLYJET_PLUGIN_ABI_SIGNATURE JOLLYJET_ABI_SIGNATURE
#endif
#define JOLLYJET_PLUGIN(CLASS)                                                                     \
    extern "C" __attribute__((visibility("default"), used, section(".jollyjet_abi")))              \
    const char jollyjet_plugin_abi_signature[] = JOLLYJET_PLUGIN_ABI_SIGNATURE;                    \
    POCO_BEGIN_MANIFEST(::jollyjet::Plugin)                                                        \
    POCO_EXPORT_CLASS(CLASS)                                                                       \
    POCO_END_MANIFEST

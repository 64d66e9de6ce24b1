#pragma once

#include "jollyjet/Export.h"

#include <cstdint>
#include <string>
#include <vector>

#include "jollyjet/config/Schema.h"

namespace jollyjet::config {

/// The schemas of the sections core owns: [server], [plugins], [logging], [redis],
/// [cache], [store]. Their key names are a public contract (operators' files and
/// `-D` overrides use them); README.md documents each with its default.
JOLLYJET_API const std::vector<Schema>& coreSchemas();

} // namespace jollyjet::config

namespace Poco::Util {
class AbstractConfiguration;
}

namespace jollyjet::config {

/// Checks the core sections with their schemas, reports sections nobody owns
/// (anything but the core sections and `[plugin.NAME]`) and values whose
/// `${system.env.NAME}` did not resolve. Plugin sections are the plugins' to check.
JOLLYJET_API void validateCore(const Poco::Util::AbstractConfiguration& config, const std::string& source,
                  std::vector<std::string>& problems);
/// The same, each problem naming where its key came from (file or `-D`).
JOLLYJET_API void validateCore(const Poco::Util::AbstractConfiguration& config, const Schema::SourceOf& sourceOf,
                  std::vector<std::string>& problems);

/// A core key's value, or its schema default when unset: the default is written once,
/// in the schema. `key` is the full name ("server.headerTimeoutMs"); asking for a key
/// no core schema declares throws std::logic_error.
JOLLYJET_API std::string coreString(const Poco::Util::AbstractConfiguration& config, const std::string& key);
JOLLYJET_API std::int64_t coreInt(const Poco::Util::AbstractConfiguration& config, const std::string& key);
JOLLYJET_API bool coreBool(const Poco::Util::AbstractConfiguration& config, const std::string& key);

/// Makes every relative path of the core sections absolute under `baseDir`.
JOLLYJET_API void resolveCorePaths(Poco::Util::AbstractConfiguration& config, const std::string& baseDir);

} // namespace jollyjet::config

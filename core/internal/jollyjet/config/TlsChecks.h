#pragma once

#include "jollyjet/Export.h"

#include <string>
#include <vector>

#include "jollyjet/config/Schema.h"

namespace Poco::Util {
class AbstractConfiguration;
}

namespace jollyjet::config {

/// The TLS files the configuration names, read the way a start would read them:
/// `[redis]` when the cache backend is redis and TLS is on, the MongoDB connection
/// string (its tls* options) when the store backend is mongodb. Each missing or
/// unreadable file, file without PEM content, key that does not fit its certificate,
/// or malformed url/uri is one problem naming the key and the reason. Runs after the
/// core paths are resolved (relative files are taken from the config file's folder).
JOLLYJET_API void validateTlsFiles(const Poco::Util::AbstractConfiguration& config,
                      const Schema::SourceOf& sourceOf, std::vector<std::string>& problems);

} // namespace jollyjet::config

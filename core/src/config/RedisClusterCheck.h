#pragma once

#include <string>
#include <vector>

#include "jollyjet/config/Schema.h"

namespace jollyjet::config {

/// `[redis] mode = cluster` needs seeds in `nodes` (host:port each) and database 0:
/// a Redis Cluster has no other. Appends one problem per violation.
void checkRedisCluster(const Poco::Util::AbstractConfiguration& config,
                       const Schema::SourceOf& sourceOf, std::vector<std::string>& problems);

} // namespace jollyjet::config

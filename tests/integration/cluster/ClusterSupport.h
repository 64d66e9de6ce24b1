#pragma once

#include <sstream>
#include <string>

#include "RedisCluster.h"
#include "jollyjet/redis/RedisOptions.h"

namespace jollyjet::test {

/// One three-master cluster (no replicas) for a whole test process.
inline RedisCluster& sharedCluster() {
    static RedisCluster cluster(3, false);
    return cluster;
}

/// Pool options for `mode = cluster` with every node of `cluster` as a seed.
inline redis::RedisOptions clusterOptions(const RedisCluster& cluster) {
    redis::RedisOptions options;
    options.mode = redis::RedisOptions::Mode::Cluster;
    std::istringstream seeds(cluster.seeds());
    for (std::string seed; std::getline(seeds, seed, ',');)
        options.nodes.push_back(seed);
    options.port = cluster.port(0);
    options.poolSize = 8;
    options.commandTimeout = std::chrono::milliseconds(2000);
    return options;
}

} // namespace jollyjet::test

#include "RedisInfo.h"

#include <cstdio>
#include <sstream>

#include "jollyjet/redis/RedisPool.h"

namespace jollyjet::admin {

std::map<std::string, std::string> parseInfo(const std::string& text) {
    std::map<std::string, std::string> fields;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line[0] == '#') continue;
        const auto colon = line.find(':');
        if (colon == std::string::npos) continue;
        fields[line.substr(0, colon)] = line.substr(colon + 1);
    }
    return fields;
}

namespace {

long long number(const std::map<std::string, std::string>& fields, const std::string& name) {
    auto it = fields.find(name);
    if (it == fields.end()) return 0;
    try {
        return std::stoll(it->second);
    } catch (const std::exception&) {
        return 0;
    }
}

} // namespace

RedisFacts readRedisFacts(redis::RedisPool& pool) {
    RedisFacts facts;
    bool first = true;
    // A cluster: memory, clients and keys summed over the masters, uptime and
    // version of the first one.
    pool.forEachMaster([&](redis::RedisPool& node) {
        // One round trip per node; the sections keep the reply small.
        const auto replies =
            node.pipeline({{"INFO", "server"}, {"INFO", "memory"}, {"INFO", "clients"}, {"DBSIZE"}});
        std::string info;
        for (std::size_t i = 0; i < 3; ++i) info += replies.at(i).orThrow().asOptionalString().value_or("");
        const auto fields = parseInfo(info);
        facts.usedMemoryBytes += static_cast<double>(number(fields, "used_memory"));
        facts.connectedClients += number(fields, "connected_clients");
        facts.keys += replies.at(3).orThrow().asInteger();
        if (first) {
            facts.uptimeSeconds = number(fields, "uptime_in_seconds");
            if (auto it = fields.find("redis_version"); it != fields.end()) facts.version = it->second;
            first = false;
        }
    });
    return facts;
}

std::string formatMegabytes(double bytes) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f MB", bytes / (1024.0 * 1024.0));
    return text;
}

} // namespace jollyjet::admin

#include "ClusterRouter.h"

#include <algorithm>
#include <cctype>
#include <thread>

#include "jollyjet/metrics/Metrics.h"
#include "jollyjet/redis/KeySlot.h"
#include "jollyjet/redis/RedisError.h"

namespace jollyjet::redis {

namespace {

constexpr auto kRefreshSpacing = std::chrono::milliseconds(100);
/// How long TRYAGAIN and CLUSTERDOWN are retried before the error reaches the caller.
constexpr auto kRetryBudget = std::chrono::milliseconds(2000);
constexpr int kMaxRedirects = 16;

std::string upper(std::string word) {
    for (char& c : word)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return word;
}

std::pair<std::string, int> splitEndpoint(const std::string& endpoint) {
    const auto colon = endpoint.rfind(':');
    if (colon == std::string::npos)
        throw RedisError("redis cluster: bad node address '" + endpoint + "'");
    return {endpoint.substr(0, colon), std::stoi(endpoint.substr(colon + 1))};
}

/// What an error reply asks the client to do.
struct Redirect {
    enum class Kind { None, Moved, Ask, Retry } kind = Kind::None;
    int slot = -1;
    std::string endpoint;
};

Redirect redirectOf(const Reply& reply) {
    Redirect r;
    if (!reply.isError()) return r;
    const std::string& text = reply.text;
    auto startsWith = [&](const char* head) { return text.rfind(head, 0) == 0; };
    if (startsWith("MOVED ") || startsWith("ASK ")) {
        r.kind = startsWith("MOVED ") ? Redirect::Kind::Moved : Redirect::Kind::Ask;
        const auto first = text.find(' ');
        const auto second = text.find(' ', first + 1);
        if (second == std::string::npos) return Redirect{};
        r.slot = std::stoi(text.substr(first + 1, second - first - 1));
        r.endpoint = text.substr(second + 1);
        return r;
    }
    // TRYAGAIN: a multi-key command whose keys are split by a migration under way.
    // CLUSTERDOWN: a slot without a master (failover). The last one: a read-only
    // script touched an undeclared key that already moved to another node.
    if (startsWith("TRYAGAIN") || startsWith("CLUSTERDOWN") ||
        text.find("non local key in a cluster node") != std::string::npos)
        r.kind = Redirect::Kind::Retry;
    return r;
}

} // namespace

ClusterRouter::ClusterRouter(RedisOptions options)
    : options_(std::move(options)), slots_(kClusterSlots, nullptr) {
    if (options_.nodes.empty()) options_.nodes.push_back(options_.endpoint());
}

ClusterRouter::~ClusterRouter() = default;

std::optional<std::string> ClusterRouter::commandKey(const Command& command) {
    if (command.size() < 2) return std::nullopt;
    const std::string verb = upper(command[0]);
    if (verb == "EVAL" || verb == "EVALSHA" || verb == "EVAL_RO" || verb == "EVALSHA_RO" ||
        verb == "FCALL") {
        if (command.size() < 4 || command[2] == "0") return std::nullopt;
        return command[3];
    }
    static const char* const kKeyless[] = {
        "PING",    "PUBLISH",   "INFO",       "DBSIZE",  "SCAN",     "TIME",
        "CLUSTER", "SCRIPT",    "ECHO",       "AUTH",    "SELECT",   "CONFIG",
        "CLIENT",  "SUBSCRIBE", "PSUBSCRIBE", "FLUSHDB", "FLUSHALL", "COMMAND"};
    for (const char* keyless : kKeyless)
        if (verb == keyless) return std::nullopt;
    return command[1];
}

RedisPool& ClusterRouter::nodePool(const std::string& endpoint) {
    {
        std::shared_lock lock(mutex_);
        if (auto it = pools_.find(endpoint); it != pools_.end()) return *it->second;
    }
    std::unique_lock lock(mutex_);
    auto& pool = pools_[endpoint];
    if (!pool) {
        const auto [host, port] = splitEndpoint(endpoint);
        pool = std::make_unique<RedisPool>(options_.forNode(host, port));
        if (metrics_) pool->bindMetrics(*metrics_);
    }
    return *pool;
}

std::vector<std::string> ClusterRouter::knownEndpoints() {
    std::vector<std::string> endpoints;
    {
        std::shared_lock lock(mutex_);
        for (auto* master : masters_)
            endpoints.push_back(master->options().endpoint());
        for (const auto& [endpoint, pool] : pools_)
            if (std::find(endpoints.begin(), endpoints.end(), endpoint) == endpoints.end())
                endpoints.push_back(endpoint);
    }
    for (const auto& seed : options_.nodes)
        if (std::find(endpoints.begin(), endpoints.end(), seed) == endpoints.end())
            endpoints.push_back(seed);
    return endpoints;
}

void ClusterRouter::refresh(bool force) {
    std::unique_lock guard(refreshMutex_, std::try_to_lock);
    if (!guard.owns_lock()) return;
    const auto now = std::chrono::steady_clock::now();
    if (!force && now - lastRefresh_ < kRefreshSpacing) return;
    lastRefresh_ = now;
    std::string lastError = "no node known";
    for (const auto& endpoint : knownEndpoints()) {
        Reply reply;
        try {
            const auto [host, port] = splitEndpoint(endpoint);
            Connection connection(options_.forNode(host, port));
            reply = connection.command({"CLUSTER", "SLOTS"});
        } catch (const std::exception& e) {
            lastError = e.what();
            continue;
        }
        if (!reply.isArray() || reply.elements.empty()) {
            lastError = "redis " + endpoint + ": CLUSTER SLOTS answered no slots";
            continue;
        }
        const std::string askedHost = splitEndpoint(endpoint).first;
        struct Range {
            int first, last;
            std::string master;
            int replicas;
        };
        std::vector<Range> ranges;
        for (const auto& range : reply.elements) {
            if (!range.isArray() || range.elements.size() < 3 || !range.elements[2].isArray() ||
                range.elements[2].elements.size() < 2)
                continue;
            const auto& master = range.elements[2].elements;
            std::string host = master[0].text;
            if (host.empty() || host == "?") host = askedHost;
            // Failed replicas are left out of the answer: these are the live ones.
            ranges.push_back({static_cast<int>(range.elements[0].integer),
                              static_cast<int>(range.elements[1].integer),
                              host + ":" + std::to_string(master[1].integer),
                              static_cast<int>(range.elements.size()) - 3});
        }
        std::vector<RedisPool*> owners(kClusterSlots, nullptr);
        std::vector<RedisPool*> masters;
        std::map<const RedisPool*, int> replicas;
        for (const auto& [first, last, owner, replicaCount] : ranges) {
            RedisPool* pool = &nodePool(owner);
            replicas[pool] = replicaCount;
            const std::pair<int, int> span{first, last};
            if (std::find(masters.begin(), masters.end(), pool) == masters.end())
                masters.push_back(pool);
            for (int slot = std::max(0, span.first);
                 slot <= std::min(kClusterSlots - 1, span.second); ++slot)
                owners[static_cast<std::size_t>(slot)] = pool;
        }
        count(Refreshed);
        std::unique_lock lock(mutex_);
        slots_ = std::move(owners);
        masters_ = std::move(masters);
        replicas_ = std::move(replicas);
        return;
    }
    if (force)
        throw RedisError("redis cluster: no node answered CLUSTER SLOTS (" + lastError + ")");
}

void ClusterRouter::waitForReplicas(const RedisPool& node, Connection& connection) {
    int replicas = 0;
    {
        std::shared_lock lock(mutex_);
        if (auto it = replicas_.find(&node); it != replicas_.end()) replicas = it->second;
    }
    if (replicas == 0) return;
    const auto timeout = std::max<std::int64_t>(1, options_.commandTimeout.count() / 2);
    const auto acked =
        connection.command({"WAIT", std::to_string(replicas), std::to_string(timeout)}).asInteger();
    if (acked < replicas)
        throw RedisError("redis " + node.options().endpoint() + ": " + std::to_string(acked) +
                         " of " + std::to_string(replicas) +
                         " replicas acknowledged the write within " + std::to_string(timeout) +
                         " ms");
}

RedisPool& ClusterRouter::route(int slot) {
    for (int pass = 0; pass < 2; ++pass) {
        {
            std::shared_lock lock(mutex_);
            if (slot >= 0 && slots_[static_cast<std::size_t>(slot)])
                return *slots_[static_cast<std::size_t>(slot)];
            if (slot < 0 && !masters_.empty()) return *masters_.front();
            // A slot nobody serves (failover under way): ask any master, which
            // answers with a redirection or CLUSTERDOWN.
            if (pass == 1 && !masters_.empty()) return *masters_.front();
        }
        if (pass == 0) refresh(true);
    }
    return nodePool(options_.nodes.front());
}

Reply ClusterRouter::execute(const Command& command, bool replicated) {
    const auto key = commandKey(command);
    const int slot = key ? keySlot(*key) : -1;
    const auto deadline = std::chrono::steady_clock::now() + kRetryBudget;
    std::string askTarget;
    auto pause = std::chrono::milliseconds(5);
    for (int redirects = 0;;) {
        Reply reply;
        RedisPool& node = askTarget.empty() ? route(slot) : nodePool(askTarget);
        try {
            auto lease = node.borrow();
            if (askTarget.empty()) {
                lease->send(command);
                reply = lease->read();
            } else {
                reply = lease->pipeline({{"ASKING"}, command}).back();
            }
            if (replicated && !reply.isError()) waitForReplicas(node, *lease);
        } catch (const RedisError&) {
            refresh(false);
            throw;
        }
        const Redirect redirect = redirectOf(reply);
        askTarget.clear();
        switch (redirect.kind) {
        case Redirect::Kind::None:
            reply.orThrow();
            return reply;
        case Redirect::Kind::Moved: {
            count(Moved);
            RedisPool& owner = nodePool(redirect.endpoint);
            {
                std::unique_lock lock(mutex_);
                if (redirect.slot >= 0 && redirect.slot < kClusterSlots)
                    slots_[static_cast<std::size_t>(redirect.slot)] = &owner;
            }
            refresh(false);
            if (++redirects > kMaxRedirects) return reply.orThrow();
            continue;
        }
        case Redirect::Kind::Ask:
            count(Asked);
            askTarget = redirect.endpoint;
            if (++redirects > kMaxRedirects) return reply.orThrow();
            continue;
        case Redirect::Kind::Retry:
            count(Retried);
            if (std::chrono::steady_clock::now() + pause > deadline) return reply.orThrow();
            std::this_thread::sleep_for(pause);
            pause = std::min(pause * 2, std::chrono::milliseconds(100));
            refresh(false);
            continue;
        }
    }
}

std::vector<Reply> ClusterRouter::pipeline(const std::vector<Command>& commands) {
    if (commands.empty()) return {};
    int slot = -1;
    for (const auto& command : commands)
        if (auto key = commandKey(command)) {
            slot = keySlot(*key);
            break;
        }
    std::vector<Reply> replies;
    try {
        auto lease = route(slot).borrow();
        replies = lease->pipeline(commands);
    } catch (const RedisError&) {
        refresh(false);
        throw;
    }
    for (std::size_t i = 0; i < replies.size(); ++i) {
        if (redirectOf(replies[i]).kind == Redirect::Kind::None) continue;
        try {
            replies[i] = execute(commands[i]);
        } catch (const ReplyError& e) {
            replies[i] = Reply::error(e.what());
        }
    }
    return replies;
}

RedisPool::Lease ClusterRouter::borrow(const std::string* key) {
    return route(key ? keySlot(*key) : -1).borrow();
}

std::unique_ptr<Connection> ClusterRouter::connectDedicated() {
    std::string lastError = "no node known";
    for (const auto& endpoint : knownEndpoints()) {
        try {
            const auto [host, port] = splitEndpoint(endpoint);
            return std::make_unique<Connection>(options_.forNode(host, port));
        } catch (const std::exception& e) {
            lastError = e.what();
        }
    }
    refresh(false);
    throw RedisError("redis cluster: no node accepted a connection (" + lastError + ")");
}

void ClusterRouter::forEachMaster(const std::function<void(RedisPool&)>& visit) {
    refresh(true);
    std::vector<RedisPool*> masters;
    {
        std::shared_lock lock(mutex_);
        masters = masters_;
    }
    for (auto* master : masters)
        visit(*master);
}

void ClusterRouter::count(Event event) {
    events_[event].fetch_add(1, std::memory_order_relaxed);
    if (auto* metric = eventMetrics_[event].load(std::memory_order_acquire)) metric->inc();
}

RedisPool::Stats ClusterRouter::stats() {
    RedisPool::Stats total;
    total.moved = events_[Moved].load();
    total.asked = events_[Asked].load();
    total.retried = events_[Retried].load();
    total.refreshes = events_[Refreshed].load();
    std::shared_lock lock(mutex_);
    for (const auto& [endpoint, pool] : pools_) {
        const auto s = pool->stats();
        total.idle += s.idle;
        total.inUse += s.inUse;
        total.created += s.created;
        total.discarded += s.discarded;
        total.waits += s.waits;
        total.exhausted += s.exhausted;
        total.failFast += s.failFast;
    }
    return total;
}

void ClusterRouter::bindMetrics(metrics::Registry& registry) {
    static constexpr const char* kKinds[] = {"moved", "ask", "retry", "refresh"};
    for (int event = 0; event < EventCount; ++event)
        eventMetrics_[static_cast<std::size_t>(event)].store(
            &registry.counter(
                "jollyjet_redis_cluster_events_total",
                "Cluster redirections followed (moved, ask), commands retried while a slot "
                "moved or a failover ran (retry), slot map refreshes (refresh)",
                {{"kind", kKinds[event]}}),
            std::memory_order_release);
    std::unique_lock lock(mutex_);
    metrics_ = &registry;
    for (const auto& [endpoint, pool] : pools_)
        pool->bindMetrics(registry);
}

} // namespace jollyjet::redis

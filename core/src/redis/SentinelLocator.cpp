#include "jollyjet/redis/SentinelLocator.h"

#include <sstream>
#include <tuple>

#include <spdlog/logger.h>

#include "jollyjet/redis/Connection.h"
#include "jollyjet/redis/RedisError.h"

namespace jollyjet::redis {

namespace {

constexpr std::chrono::milliseconds kPoll{100};
constexpr std::chrono::milliseconds kAskEvery{1000};
constexpr std::size_t kEpochLength = 16;

/// "master_replid:<40 hex>" from an INFO replication text; empty when absent.
std::string replicationId(const std::string& info) {
    std::istringstream in(info);
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        static const std::string kField = "master_replid:";
        if (line.compare(0, kField.size(), kField) == 0) return line.substr(kField.size());
    }
    return {};
}

std::pair<std::string, int> splitAddress(const std::string& address) {
    const auto colon = address.rfind(':');
    return {address.substr(0, colon), std::stoi(address.substr(colon + 1))};
}

} // namespace

SentinelLocator::SentinelLocator(RedisOptions options) : options_(std::move(options)) {}

SentinelLocator::~SentinelLocator() {
    stop();
}

void SentinelLocator::setLogger(std::shared_ptr<spdlog::logger> logger) {
    std::lock_guard lock(mutex_);
    log_ = std::move(logger);
}

RedisOptions SentinelLocator::sentinelOptions(const SentinelOptions::Endpoint& sentinel) const {
    RedisOptions o = options_;
    o.host = sentinel.host;
    o.port = sentinel.port;
    o.password = options_.sentinel.password;
    o.db = 0; // sentinels have no databases
    return o;
}

std::string SentinelLocator::askSentinels() {
    std::string failures;
    for (const auto& sentinel : options_.sentinel.sentinels) {
        try {
            Connection connection(sentinelOptions(sentinel));
            const Reply reply = connection.command(
                {"SENTINEL", "get-master-addr-by-name", options_.sentinel.masterName});
            if (reply.isArray() && reply.elements.size() == 2)
                return reply.elements[0].text + ":" + reply.elements[1].text;
            failures += "; " + sentinel.text() + ": does not monitor a master named '" +
                        options_.sentinel.masterName + "'";
        } catch (const RedisError& e) {
            failures += "; " + sentinel.text() + ": " + e.what();
        }
    }
    throw RedisError("redis sentinel: no sentinel named the master '" +
                     options_.sentinel.masterName + "' (" + failures.substr(2) + ")");
}

void SentinelLocator::adopt(const std::string& address, const std::string& why) {
    std::shared_ptr<spdlog::logger> log;
    std::string old;
    {
        std::lock_guard lock(mutex_);
        if (address == address_) return;
        old = address_;
        address_ = address;
        epoch_.clear();
        log = log_;
    }
    if (!old.empty()) switches_.fetch_add(1);
    if (log) {
        if (old.empty())
            log->info("redis sentinel: master '{}' is at {}", options_.sentinel.masterName,
                      address);
        else
            log->warn("redis sentinel: master '{}' moved from {} to {} ({}); connections to {} are "
                      "dropped",
                      options_.sentinel.masterName, old, address, why, old);
    }
}

std::unique_ptr<Connection> SentinelLocator::connectMaster() {
    startWatcher();
    std::string address = masterAddress();
    if (address.empty()) {
        adopt(askSentinels(), "asked the sentinels");
        address = masterAddress();
    }
    // Whatever goes wrong below, the sentinels may know better by now.
    auto askAgain = [this](const std::string& why) {
        try {
            adopt(askSentinels(), why);
        } catch (const RedisError&) {
            // No sentinel answered: the next connect asks again.
        }
    };
    RedisOptions o = options_;
    std::tie(o.host, o.port) = splitAddress(address);
    std::unique_ptr<Connection> connection;
    std::vector<Reply> replies;
    try {
        connection = std::make_unique<Connection>(o);
        replies = connection->pipeline({{"ROLE"}, {"INFO", "replication"}});
    } catch (const RedisError&) {
        askAgain("the master did not answer");
        throw;
    }
    const Reply& role = replies[0];
    if (!role.isArray() || role.elements.empty() || role.elements[0].text != "master") {
        const std::string said = role.isError()                             ? role.text
                                 : role.isArray() && !role.elements.empty() ? role.elements[0].text
                                                                            : "no role";
        askAgain(address + " is no master");
        throw RedisError("redis " + address + ": ROLE answered '" + said +
                         "', not master; the sentinels are asked again");
    }
    const std::string replid = replies[1].isError() ? "" : replicationId(replies[1].text);
    if (replid.size() < kEpochLength)
        throw RedisError("redis " + address + ": INFO replication names no replication id");
    const std::string epoch = replid.substr(0, kEpochLength);
    std::shared_ptr<spdlog::logger> log;
    bool changed = false;
    {
        std::lock_guard lock(mutex_);
        if (address_ != address)
            throw RedisError("redis sentinel: the master moved while connecting to " + address);
        if (epoch_ != epoch) {
            changed = !epoch_.empty();
            epoch_ = epoch;
            log = log_;
        }
    }
    if (changed) switches_.fetch_add(1);
    if (log) {
        if (changed)
            log->warn("redis sentinel: master {} has a new replication id (restarted or promoted): "
                      "epoch {}",
                      address, epoch);
        else
            log->info("redis sentinel: master {} verified (ROLE master), epoch {}", address, epoch);
    }
    connection->setEpoch(epoch);
    return connection;
}

std::string SentinelLocator::epoch() const {
    std::lock_guard lock(mutex_);
    return epoch_;
}

std::string SentinelLocator::masterAddress() const {
    std::lock_guard lock(mutex_);
    return address_;
}

bool SentinelLocator::isCurrent(const Connection& connection) const {
    std::lock_guard lock(mutex_);
    return !epoch_.empty() && connection.epoch() == epoch_ && connection.endpoint() == address_;
}

void SentinelLocator::startWatcher() {
    std::lock_guard lock(watcherMutex_);
    if (watcher_.joinable() || stopping_) return;
    watcher_ = std::thread([this] { watch(); });
}

void SentinelLocator::stop() {
    {
        std::lock_guard lock(watcherMutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (watcher_.joinable()) watcher_.join();
}

void SentinelLocator::watch() {
    std::size_t next = 0;
    while (!stopping_) {
        const auto& sentinel =
            options_.sentinel.sentinels[next++ % options_.sentinel.sentinels.size()];
        try {
            watchOne(sentinel);
        } catch (const std::exception& e) {
            std::shared_ptr<spdlog::logger> log;
            {
                std::lock_guard lock(mutex_);
                log = log_;
            }
            if (log)
                log->debug("redis sentinel: watching {} failed: {}", sentinel.text(), e.what());
        }
        std::unique_lock lock(watcherMutex_);
        wake_.wait_for(lock, kPoll, [this] { return stopping_.load(); });
    }
}

void SentinelLocator::watchOne(const SentinelOptions::Endpoint& sentinel) {
    Connection subscription(sentinelOptions(sentinel));
    subscription.send({"SUBSCRIBE", "+switch-master"});
    if (!subscription.read().isArray()) throw RedisError("unexpected SUBSCRIBE reply");
    auto lastAsked = std::chrono::steady_clock::now() - kAskEvery;
    while (!stopping_) {
        // A switch message can be missed (between subscriptions): ask as well.
        if (std::chrono::steady_clock::now() - lastAsked >= kAskEvery) {
            lastAsked = std::chrono::steady_clock::now();
            try {
                adopt(askSentinels(), "the sentinels name it");
            } catch (const RedisError&) {
                // Every sentinel failed; the subscription below fails too if this one did.
            }
        }
        if (!subscription.waitReadable(kPoll)) continue;
        const Reply message = subscription.read();
        // "message", "+switch-master", "<name> <old ip> <old port> <new ip> <new port>"
        if (!message.isArray() || message.elements.size() != 3 ||
            message.elements[0].text != "message")
            continue;
        std::istringstream words(message.elements[2].text);
        std::string name, oldHost, oldPort, newHost, newPort;
        if (words >> name >> oldHost >> oldPort >> newHost >> newPort &&
            name == options_.sentinel.masterName)
            adopt(newHost + ":" + newPort, "+switch-master from " + sentinel.text());
    }
}

} // namespace jollyjet::redis

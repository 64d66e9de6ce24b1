#include "NearCoherence.h"

#include <random>
#include <sstream>

#include <spdlog/logger.h>

#include "jollyjet/cache/NearCache.h"
#include "jollyjet/metrics/Metrics.h"
#include "jollyjet/redis/Connection.h"
#include "jollyjet/redis/RedisError.h"
#include "jollyjet/redis/RedisPool.h"

namespace jollyjet::cache {

using Clock = std::chrono::steady_clock;
using redis::Reply;

namespace {

constexpr auto kPoll = std::chrono::milliseconds(20);

std::string randomId() {
    std::mt19937_64 engine{std::random_device{}()};
    static constexpr char kHex[] = "0123456789abcdef";
    std::string id;
    for (std::uint64_t bits = engine(), i = 0; i < 12; ++i, bits >>= 4)
        id += kHex[bits & 0xF];
    return id;
}

std::vector<std::string> words(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string word; in >> word;)
        out.push_back(word);
    return out;
}

// KEYS: registry, epoch, young. ARGV: instance, channel, message, lease ms, young ms.
// Registers (score: expiry in Redis time), then publishes the heartbeat, in one step.
const char* const kHeartbeat =
    "local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / "
    "1000) "
    "local lease = tonumber(ARGV[4]) "
    "if redis.call('SET', KEYS[2], '1', 'NX', 'PX', 86400000) then redis.call('SET', KEYS[3], '1', "
    "'PX', ARGV[5]) "
    "else redis.call('PEXPIRE', KEYS[2], 86400000) end "
    "redis.call('ZADD', KEYS[1], string.format('%d', now + 3 * lease), ARGV[1]) "
    "redis.call('PEXPIRE', KEYS[1], 3 * lease) redis.call('PUBLISH', ARGV[2], ARGV[3]) "
    "return redis.call('ZCARD', KEYS[1])";
// KEYS: registry, young. Returns {young, instance...} of the live registrations.
const char* const kRegistry =
    "local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / "
    "1000) "
    "redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%d', now)) "
    "local out = {redis.call('EXISTS', KEYS[2])} "
    "for _, m in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do table.insert(out, m) end return "
    "out";

} // namespace

NearCoherence::NearCoherence(redis::RedisPool& pool, NearCache& near, std::string keyPrefix,
                             bool serving, metrics::Registry& metrics,
                             std::shared_ptr<spdlog::logger> log)
    : pool_(pool), near_(near), keyPrefix_(keyPrefix), channel_(keyPrefix + "near"),
      ackChannelPrefix_(keyPrefix + "near:ack:"),
      instanceId_(randomId()), lease_(near.options().lease), serving_(serving),
      log_(std::move(log)) {
    ackLatency_ =
        &metrics.histogram("jollyjet_near_cache_invalidation_ack_seconds",
                           "From a write's final invalidation to the last near cache's ack");
    leaseWaits_ =
        &metrics.counter("jollyjet_near_cache_lease_waits_total",
                         "Writes whose acknowledgement waited for a near-cache lease to run out");
    instances_ =
        &metrics.gauge("jollyjet_near_cache_instances", "Instances registered with a near cache");
}

std::string NearCoherence::key(const char* name) const { return pool_.keyspace(keyPrefix_) + name; }

NearCoherence::~NearCoherence() {
    stop();
}

std::chrono::milliseconds NearCoherence::margin() const {
    // Clock rate differences between machines over one lease, plus scheduling.
    return lease_ / 20 + std::chrono::milliseconds(20);
}

void NearCoherence::start() {
    stopping_ = false;
    subscriber_ = std::thread([this] { subscribeLoop(); });
    if (serving_) heartbeat_ = std::thread([this] { heartbeatLoop(); });
    acker_ = std::thread([this] { ackLoop(); });
}

void NearCoherence::stop() {
    stopping_ = true;
    heartbeatWake_.notify_all();
    outboxWake_.notify_all();
    ackArrived_.notify_all();
    for (auto* thread : {&subscriber_, &heartbeat_, &acker_})
        if (thread->joinable()) thread->join();
    near_.revokeLease();
}

CacheServiceBase::Announce NearCoherence::announce(const std::string& writeId, const char* phase,
                                                   const std::vector<std::string>& tags) const {
    std::string message = "inv " + writeId + " " + phase + " " + instanceId_;
    for (const auto& tag : tags)
        message += " " + CacheServiceBase::tagKeyOf(tag).substr(4);
    return {channel_, message, key("near:epoch"), key("near:young"), (lease_ + margin()).count()};
}

void NearCoherence::expect(const std::string& writeId) {
    std::lock_guard lock(ackMutex_);
    // A write whose script failed never waits: forget it after a while.
    const auto now = Clock::now();
    for (auto it = acks_.begin(); it != acks_.end();)
        it = now - it->second.since > 10 * lease_ ? acks_.erase(it) : std::next(it);
    acks_[writeId].since = now;
}

void NearCoherence::awaitAcks(const std::string& writeId, Clock::time_point published) {
    const auto deadline = published + lease_ + margin();
    std::set<std::string> registered;
    bool isYoung = false;
    try {
        const std::string registry = key("near:instances"), young = key("near:young");
        const Reply reply = pool_.executeFor(keyPrefix_, {registry, young}, {"EVAL", kRegistry, "2", registry, young});
        if (reply.isArray() && !reply.elements.empty()) {
            isYoung = reply.elements[0].asInteger() != 0;
            for (std::size_t i = 1; i < reply.elements.size(); ++i)
                registered.insert(reply.elements[i].text);
            instances_->set(static_cast<double>(registered.size()));
        } else {
            isYoung = true;
        }
    } catch (const std::exception&) {
        isYoung = true; // without the registry nobody's ack can be counted on
    }
    std::unique_lock lock(ackMutex_);
    const bool allAcked = ackArrived_.wait_until(lock, deadline, [&] {
        if (isYoung || stopping_) return false;
        const auto& acked = acks_[writeId].acked;
        for (const auto& instance : registered)
            if (!acked.count(instance)) return false;
        return true;
    });
    acks_.erase(writeId);
    if (allAcked) {
        ackLatency_->observe(std::chrono::duration<double>(Clock::now() - published).count());
    } else {
        leaseWaits_->inc();
        lock.unlock();
        std::this_thread::sleep_until(deadline);
    }
}

void NearCoherence::heartbeatLoop() {
    const auto interval = std::max(lease_ / 4, std::chrono::milliseconds(5));
    while (!stopping_) {
        std::uint64_t sequence = 0;
        {
            std::lock_guard lock(heartbeatMutex_);
            sequence = nextSequence_++;
            sentAt_[sequence] = Clock::now();
            // Heartbeats older than a lease cannot renew anything any more.
            while (!sentAt_.empty() && sentAt_.begin()->second + lease_ < Clock::now())
                sentAt_.erase(sentAt_.begin());
        }
        try {
            const std::string registry = key("near:instances"), epoch = key("near:epoch"),
                              young = key("near:young");
            const Reply reply = pool_.executeFor(
                keyPrefix_, {registry, epoch, young},
                {"EVAL", kHeartbeat, "3", registry, epoch, young, instanceId_, channel_,
                 "hb " + instanceId_ + " " + std::to_string(sequence),
                 std::to_string(lease_.count()), std::to_string((lease_ + margin()).count())});
            instances_->set(static_cast<double>(reply.asInteger()));
        } catch (const std::exception& e) {
            if (log_) log_->debug("near cache heartbeat failed: {}", e.what());
        }
        std::unique_lock lock(heartbeatMutex_);
        heartbeatWake_.wait_for(lock, interval, [this] { return stopping_.load(); });
    }
}

void NearCoherence::subscribeLoop() {
    auto backoff = std::chrono::milliseconds(50);
    while (!stopping_) {
        try {
            auto connection = pool_.connectDedicated();
            connection->send({"SUBSCRIBE", channel_, ackChannelPrefix_ + instanceId_});
            for (int confirmations = 0; confirmations < 2;) {
                if (stopping_) return;
                if (!connection->waitReadable(kPoll)) continue;
                const Reply confirmation = connection->read();
                if (!confirmation.isArray()) throw redis::RedisError("unexpected SUBSCRIBE reply");
                ++confirmations;
            }
            // Only heartbeats sent from now on can prove this subscription current.
            const auto subscribedAt = Clock::now();
            backoff = std::chrono::milliseconds(50);
            if (log_) log_->info("near cache: subscribed to {} as {}", channel_, instanceId_);
            while (!stopping_) {
                // A new master may not close the old one's socket: follow it anyway.
                if (!pool_.isCurrent(*connection))
                    throw redis::RedisError("the Redis master changed");
                if (!connection->waitReadable(kPoll)) continue;
                const Reply reply = connection->read();
                if (reply.isArray() && reply.elements.size() == 3 &&
                    reply.elements[0].text == "message")
                    handle(reply.elements[1].text, reply.elements[2].text, subscribedAt);
            }
        } catch (const std::exception& e) {
            if (log_)
                log_->warn("near cache: subscription lost ({}); emptying the near cache", e.what());
        }
        // Messages may have been missed: nothing in L1, and no fill in flight, can be
        // trusted; serving resumes after a heartbeat round trip on the next subscription.
        near_.revokeLease();
        near_.clear();
        const auto until = Clock::now() + backoff;
        while (!stopping_ && Clock::now() < until)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        backoff = std::min(backoff * 2, std::chrono::milliseconds(1000));
    }
}

void NearCoherence::handle(const std::string& channel, const std::string& message,
                           Clock::time_point subscribedAt) {
    const auto parts = words(message);
    if (channel != channel_) {
        // An ack on this writer's own channel: "<write id> <instance>".
        if (parts.size() != 2) return;
        std::lock_guard lock(ackMutex_);
        const auto pending = acks_.find(parts[0]);
        if (pending == acks_.end()) return;
        pending->second.acked.insert(parts[1]);
        ackArrived_.notify_all();
        return;
    }
    if (parts.size() == 3 && parts[0] == "hb") {
        if (parts[1] != instanceId_) return;
        std::uint64_t sequence = 0;
        try {
            sequence = std::stoull(parts[2]);
        } catch (const std::exception&) {
            return;
        }
        std::lock_guard lock(heartbeatMutex_);
        const auto sent = sentAt_.find(sequence);
        // Every message published before this heartbeat has been applied above.
        if (sent != sentAt_.end() && sent->second >= subscribedAt)
            near_.renewLease(sent->second + lease_);
        return;
    }
    if (parts.size() >= 4 && parts[0] == "inv") {
        near_.invalidateTags(std::vector<std::string>(parts.begin() + 4, parts.end()));
        // Only the final invalidation counts for the writer's wait, and only the
        // acks of registered (serving) instances.
        if (parts[2] != "final" || !serving_) return;
        std::lock_guard lock(outboxMutex_);
        outbox_.emplace_back(parts[3], parts[1]);
        outboxWake_.notify_one();
    }
}

void NearCoherence::ackLoop() {
    while (!stopping_) {
        std::vector<std::pair<std::string, std::string>> batch;
        {
            std::unique_lock lock(outboxMutex_);
            outboxWake_.wait_for(lock, std::chrono::milliseconds(100),
                                 [this] { return stopping_ || !outbox_.empty(); });
            batch.swap(outbox_);
        }
        if (batch.empty()) continue;
        std::vector<redis::Command> commands;
        for (const auto& [writer, writeId] : batch)
            commands.push_back(
                {"PUBLISH", ackChannelPrefix_ + writer, writeId + " " + instanceId_});
        try {
            pool_.pipeline(commands);
        } catch (const std::exception& e) {
            // The writer then waits for this instance's lease to run out instead.
            if (log_) log_->debug("near cache: acks not sent: {}", e.what());
        }
    }
}

} // namespace jollyjet::cache

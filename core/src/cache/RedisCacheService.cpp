#include "jollyjet/cache/RedisCacheService.h"

#include <map>

#include <Poco/DigestEngine.h>
#include <Poco/SHA1Engine.h>

#include "Glob.h"
#include "NearCoherence.h"
#include "jollyjet/cache/NearCache.h"
#include "jollyjet/redis/KeySlot.h"
#include "jollyjet/redis/RedisError.h"
#include "jollyjet/redis/RedisPool.h"

namespace jollyjet::cache {

using redis::Command;
using redis::Reply;

namespace {

/// A Lua script and its SHA1, for EVALSHA.
struct LuaScript {
    std::string text;
    std::string sha;

    explicit LuaScript(std::string body) : text(std::move(body)) {
        Poco::SHA1Engine engine;
        engine.update(text);
        sha = Poco::DigestEngine::digestToHex(engine.digest());
    }
};

// Fill only while our lease token stands: a write (invalidate) deletes the lease,
// so a value loaded before the write can no longer land.
const LuaScript kFill("if redis.call('GET', KEYS[2]) == ARGV[1] then "
                      "redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) "
                      "redis.call('DEL', KEYS[2]) return 1 end return 0");
const LuaScript kRelease(
    "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0");
const LuaScript kExtend("if redis.call('GET', KEYS[1]) == ARGV[1] then "
                        "return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0");
// A missing counter starts at the caller's time-based value, never at 0.
const LuaScript kCounter("local v = redis.call('GET', KEYS[1]) if v then return tonumber(v) end "
                         "redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return tonumber(ARGV[1])");
const LuaScript kBump("if redis.call('EXISTS', KEYS[1]) == 0 then redis.call('SET', KEYS[1], ARGV[1]) end "
                      "local v = redis.call('INCR', KEYS[1]) redis.call('PEXPIRE', KEYS[1], ARGV[2]) "
                      "return v");
// A tagged envelope names its full tag keys and the tag clock its load began at:
// it is current while every tag key exists and is not above that clock. A missing
// tag key (expired, evicted, flushed) cannot prove anything, so it retires the entry.
const LuaScript kGetCurrent(
    "local v = redis.call('GET', KEYS[1]) if not v then return false end "
    "local tc, tg = string.match(v, '^{\"jj\":1,\"exp\":%-?%d+,\"tc\":(%d+),\"tg\":\"([^\"]*)\"') "
    "if not tc then return v end tc = tonumber(tc) "
    "for tag in string.gmatch(tg, '[^ ]+') do local g = redis.call('GET', tag) "
    "if not g or tonumber(g) > tc then return false end end return v");
const LuaScript kTagsCurrent("local c = tonumber(ARGV[1]) for i = 1, #KEYS do "
                             "local g = redis.call('GET', KEYS[i]) "
                             "if not g or tonumber(g) > c then return 0 end end return 1");
// Numbers above 10^14 must be written with string.format('%d'): Lua's own
// conversion (%.14g) would round a clock of microseconds since the epoch.
// Redis's own clock in ms, the one time base every marker and reader shares.
// The last three ARGV: channel, message, young ms; the last two KEYS: epoch key,
// young key (declared, so a cluster runs the script where they live). A Redis
// that lost its data re-creates the epoch key: then it marks itself young.
#define JJ_LUA_ANNOUNCE "local a = #ARGV - 2 local e = #KEYS - 1 if ARGV[a] ~= '' then " \
    "if redis.call('SET', KEYS[e], '1', 'NX', 'PX', 86400000) then " \
    "redis.call('SET', KEYS[e + 1], '1', 'PX', ARGV[a + 2]) end " \
    "redis.call('PUBLISH', ARGV[a], ARGV[a + 1]) end "
#define JJ_LUA_NOW "local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) "
const LuaScript kReadClock("local v = redis.call('GET', KEYS[1]) if not v then v = ARGV[1] "
                           "redis.call('SET', KEYS[1], v, 'PX', ARGV[2]) end " JJ_LUA_NOW
                           "return {tonumber(v), now}");
// Fill while the lease stands, no tag moved past the load's clock, and no write
// intent on a tag stands until after the load began (KEYS: entry, lease, n tag keys,
// n marker keys); a tag key is created as "0" (carried, never invalidated) and
// outlives the entry.
const LuaScript kFillTagged(
    "if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end "
    "local ttl = tonumber(ARGV[3]) local c = tonumber(ARGV[4]) local began = tonumber(ARGV[5]) "
    "local n = tonumber(ARGV[6]) "
    "for i = 3, n + 2 do local g = redis.call('GET', KEYS[i]) "
    "if g and tonumber(g) > c then redis.call('DEL', KEYS[2]) return 0 end "
    "local m = redis.call('GET', KEYS[i + n]) if m then "
    "local u = tonumber(string.match(m, ':(%d+)$')) "
    "if u and began < u then redis.call('DEL', KEYS[2]) return 0 end end end "
    "for i = 3, n + 2 do if not redis.call('SET', KEYS[i], '0', 'NX', 'PX', ttl) then "
    "if redis.call('PTTL', KEYS[i]) < ttl then redis.call('PEXPIRE', KEYS[i], ttl) end end end "
    "redis.call('SET', KEYS[1], ARGV[2], 'PX', ttl) redis.call('DEL', KEYS[2]) return 1");
// KEYS: clock, n tag keys, n marker keys. ARGV: initial, minTtl, clockTtl, n, intent.
// ARGV: write id, minTtl, n, intent. Sets each tag's marker to "<write id>:<until>"
// (a later `until` already there is kept); entries stay valid until the second script.
const LuaScript kBeginWrite(
    JJ_LUA_NOW "local minTtl = tonumber(ARGV[2]) local n = tonumber(ARGV[3]) local intent = tonumber(ARGV[4]) "
    "for i = 2, n + 1 do local u = now + intent local old = redis.call('GET', KEYS[i + n]) "
    "if old then local ou = tonumber(string.match(old, ':(%d+)$')) if ou and ou > u then u = ou end end "
    "redis.call('SET', KEYS[i + n], ARGV[1] .. ':' .. string.format('%d', u), 'PX', intent + minTtl) end "
    "return 1");
// KEYS as kBeginWrite. ARGV: initial, minTtl, clockTtl, n, the write id.
const LuaScript kFinishWrite(
    "if redis.call('EXISTS', KEYS[1]) == 0 then redis.call('SET', KEYS[1], ARGV[1]) end "
    "local c = string.format('%d', redis.call('INCR', KEYS[1])) redis.call('PEXPIRE', KEYS[1], ARGV[3]) "
    "local minTtl = tonumber(ARGV[2]) local n = tonumber(ARGV[4]) "
    "for i = 2, n + 1 do local left = redis.call('PTTL', KEYS[i]) if left < minTtl then left = minTtl end "
    "redis.call('SET', KEYS[i], c, 'PX', left) local m = redis.call('GET', KEYS[i + n]) "
    "if m and string.match(m, '^([^:]+):') == ARGV[5] then redis.call('DEL', KEYS[i + n]) end end "
    JJ_LUA_ANNOUNCE "return tonumber(c)");
const LuaScript kInvalidateTags(
    "if redis.call('EXISTS', KEYS[1]) == 0 then redis.call('SET', KEYS[1], ARGV[1]) end "
    "local c = string.format('%d', redis.call('INCR', KEYS[1])) redis.call('PEXPIRE', KEYS[1], ARGV[3]) "
    "local minTtl = tonumber(ARGV[2]) for i = 2, #KEYS - 2 do "
    "local left = redis.call('PTTL', KEYS[i]) if left < minTtl then left = minTtl end "
    "redis.call('SET', KEYS[i], c, 'PX', left) end " JJ_LUA_ANNOUNCE "return tonumber(c)");
#undef JJ_LUA_NOW
#undef JJ_LUA_ANNOUNCE

std::string millis(std::chrono::milliseconds ms) { return std::to_string(ms.count()); }

} // namespace

RedisCacheService::RedisCacheService(redis::RedisPool& pool, CacheOptions options,
                                     metrics::Registry& metrics)
    : CacheServiceBase("redis", std::move(options), metrics), pool_(pool), metrics_(metrics) {
    // Built even when this instance keeps no near cache: its writes must still be
    // announced to, and acknowledged by, the instances that do.
    near_ = std::make_unique<NearCache>(NearCache::Options{this->options().nearMaxBytes, this->options().nearLease},
                                        metrics);
}

NearCache* RedisCacheService::nearCache() { return options().nearEnabled ? near_.get() : nullptr; }

RedisCacheService::~RedisCacheService() { stopNear(); }

void RedisCacheService::startNear(std::shared_ptr<spdlog::logger> log) {
    if (!near_ || coherence_) return;
    coherence_ = std::make_unique<NearCoherence>(pool_, *near_, keyPrefix(), options().nearEnabled, metrics_,
                                                 std::move(log));
    coherence_->start();
}

void RedisCacheService::stopNear() {
    if (coherence_) coherence_->stop();
}

CacheServiceBase::Announce RedisCacheService::announce(const std::string& writeId, const char* phase,
                                                       const std::vector<std::string>& tags) const {
    return coherence_ ? coherence_->announce(writeId, phase, tags) : Announce{};
}

void RedisCacheService::expectAcks(const std::string& writeId) {
    if (coherence_) coherence_->expect(writeId);
}

void RedisCacheService::awaitAcks(const std::string& writeId, std::chrono::steady_clock::time_point published) {
    if (coherence_) coherence_->awaitAcks(writeId, published);
    std::string space;
    {
        std::lock_guard lock(writeSpacesMutex_);
        const auto found = writeSpaces_.find(writeId);
        if (found == writeSpaces_.end()) return;
        space = found->second;
        writeSpaces_.erase(found);
    }
    // While the near caches acknowledged, the master may have changed: then this
    // write's invalidation may be lost with the old master's last writes.
    requireKeyspace(space);
}


std::int64_t RedisCacheService::runScript(const std::string& sha, const std::string& text,
                                          const std::vector<std::string>& keys,
                                          const std::vector<std::string>& args, bool replicated) {
    return runScriptReply(sha, text, keys, args, replicated).asInteger();
}

redis::Reply RedisCacheService::runScriptReply(const std::string& sha, const std::string& text,
                                               const std::vector<std::string>& keys,
                                               const std::vector<std::string>& args, bool replicated) {
    auto build = [&](const std::string& verb, const std::string& body) {
        Command command{verb, body, std::to_string(keys.size())};
        command.insert(command.end(), keys.begin(), keys.end());
        command.insert(command.end(), args.begin(), args.end());
        return command;
    };
    // On a connection of the keys' epoch (sentinel), on the node of KEYS[1] (cluster).
    auto run = [&](const Command& command) {
        return pool_.executeFor(options().keyPrefix, keys, command, replicated).orThrow();
    };
    try {
        return run(build("EVALSHA", sha));
    } catch (const redis::ReplyError& e) {
        // After a restart or SCRIPT FLUSH (or on a node that never ran it) the
        // server does not know the script.
        if (std::string(e.what()).find("NOSCRIPT") == std::string::npos) throw;
        return run(build("EVAL", text));
    }
}

redis::Reply RedisCacheService::call(const Command& command, std::size_t keyCount, bool replicated) {
    const std::vector<std::string> keys(command.begin() + 1, command.begin() + 1 + static_cast<std::ptrdiff_t>(keyCount));
    return pool_.executeFor(options().keyPrefix, keys, command, replicated);
}

std::string RedisCacheService::keyspace() const { return pool_.keyspace(options().keyPrefix); }

void RedisCacheService::requireKeyspace(const std::string& space) const {
    if (keyspace() != space)
        throw WriteRefused("the Redis master changed while the write was announced, so it is not acknowledged");
}

std::optional<std::string> RedisCacheService::get(const std::string& key) {
    return timed(Op::Get, [&] {
        auto value = call({"GET", fullKey(key)}).asOptionalString();
        value ? countHits(1) : countMisses(1);
        return value;
    });
}

void RedisCacheService::set(const std::string& key, const std::string& value,
                            std::chrono::milliseconds ttl) {
    timed(Op::Set, [&] {
        if (ttl.count() > 0)
            call({"SET", fullKey(key), value, "PX", millis(ttl)});
        else
            call({"SET", fullKey(key), value});
        countSets(1);
    });
}

bool RedisCacheService::del(const std::string& key) {
    return timed(Op::Del, [&] {
        const bool existed = call({"DEL", fullKey(key)}).asInteger() > 0;
        if (existed) countDeletes(1);
        return existed;
    });
}

bool RedisCacheService::exists(const std::string& key) {
    return timed(Op::Exists, [&] { return call({"EXISTS", fullKey(key)}).asInteger() > 0; });
}

std::vector<std::optional<std::string>> RedisCacheService::mget(const std::vector<std::string>& keys) {
    return timed(Op::Mget, [&] {
        std::vector<std::optional<std::string>> values;
        if (keys.empty()) return values;
        Command command{"MGET"};
        for (const auto& key : keys) command.push_back(fullKey(key));
        const Reply reply = call(command, command.size() - 1);
        if (!reply.isArray() || reply.elements.size() != keys.size())
            throw redis::RedisError("MGET answered with an unexpected reply");
        std::uint64_t found = 0;
        for (const auto& element : reply.elements) {
            values.push_back(element.asOptionalString());
            if (values.back()) ++found;
        }
        countHits(found);
        countMisses(keys.size() - found);
        return values;
    });
}

void RedisCacheService::mset(const std::vector<std::pair<std::string, std::string>>& entries,
                             std::chrono::milliseconds ttl) {
    timed(Op::Mset, [&] {
        if (entries.empty()) return;
        // One round trip; SET per key, because MSET cannot give each key a TTL.
        std::vector<Command> commands;
        commands.reserve(entries.size());
        for (const auto& [key, value] : entries) {
            if (ttl.count() > 0)
                commands.push_back({"SET", fullKey(key), value, "PX", millis(ttl)});
            else
                commands.push_back({"SET", fullKey(key), value});
        }
        std::vector<std::string> keys;
        for (const auto& command : commands) keys.push_back(command[1]);
        // A cluster's pipeline follows MOVED and ASK; the keys share one slot.
        const auto replies = pool_.clustered() ? pool_.pipeline(commands)
                                               : pool_.borrowFor(options().keyPrefix, keys)->pipeline(commands);
        for (const auto& reply : replies) reply.orThrow();
        countSets(entries.size());
    });
}

std::int64_t RedisCacheService::increment(const std::string& key, std::int64_t by) {
    // Sent as a bulk word: POCO's Command::incr/decr would drop a negative amount.
    return timed(Op::Increment,
                 [&] { return call({"INCRBY", fullKey(key), std::to_string(by)}).asInteger(); });
}

bool RedisCacheService::expire(const std::string& key, std::chrono::milliseconds ttl) {
    return timed(Op::Expire, [&] {
        return call({"PEXPIRE", fullKey(key), millis(std::max(ttl, std::chrono::milliseconds(0)))})
                   .asInteger() > 0;
    });
}

std::optional<std::chrono::milliseconds> RedisCacheService::ttl(const std::string& key) {
    return timed(Op::Ttl, [&]() -> std::optional<std::chrono::milliseconds> {
        const std::int64_t left = call({"PTTL", fullKey(key)}).asInteger();
        if (left < 0) return std::nullopt; // -2 missing, -1 no expiry
        return std::chrono::milliseconds(left);
    });
}

std::chrono::microseconds RedisCacheService::ping() {
    return timed(Op::Ping, [&] {
        const auto start = std::chrono::steady_clock::now();
        pool_.execute({"PING"});
        return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start);
    });
}

void RedisCacheService::scanFull(const std::string& pattern,
                                 const std::function<void(const std::vector<std::string>&)>& batch) {
    const std::string match = glob::escape(keyspace()) + sanitizeKey(pattern);
    // A cluster keeps a share of the keys on each master: SCAN walks one node.
    pool_.forEachMaster([&](redis::RedisPool& node) {
        std::string cursor = "0";
        do {
            const Reply reply = node.execute({"SCAN", cursor, "MATCH", match, "COUNT", "1000"});
            // A page with no matches is `*0`: empty, not null (POCO 1.11 gets this wrong).
            if (!reply.isArray() || reply.elements.size() != 2 || !reply.elements[1].isArray())
                throw redis::RedisError("SCAN answered with an unexpected reply");
            cursor = reply.elements[0].text;
            std::vector<std::string> keys;
            keys.reserve(reply.elements[1].elements.size());
            for (const auto& element : reply.elements[1].elements) keys.push_back(element.text);
            if (!keys.empty()) batch(keys);
        } while (cursor != "0");
    });
}

std::uint64_t RedisCacheService::unlink(const std::vector<std::string>& keys) {
    // One UNLINK per slot: a cluster refuses a command whose keys span slots.
    std::map<int, Command> bySlot;
    for (const auto& key : keys) {
        auto& command = bySlot[pool_.clustered() ? redis::keySlot(key) : 0];
        if (command.empty()) command.push_back("UNLINK");
        command.push_back(key);
    }
    std::uint64_t deleted = 0;
    for (const auto& [slot, command] : bySlot)
        deleted += static_cast<std::uint64_t>(call(command, command.size() - 1).asInteger());
    return deleted;
}

void RedisCacheService::scan(const std::string& pattern,
                             const std::function<void(const std::string&)>& visit) {
    const auto prefixLength = keyspace().size();
    timed(Op::Scan, [&] {
        scanFull(pattern, [&](const std::vector<std::string>& keys) {
            for (const auto& key : keys) visit(key.substr(prefixLength));
        });
    });
}

std::uint64_t RedisCacheService::deleteByPattern(const std::string& pattern) {
    return timed(Op::DeleteByPattern, [&] {
        std::uint64_t deleted = 0;
        scanFull(pattern, [&](const std::vector<std::string>& keys) { deleted += unlink(keys); });
        countDeletes(deleted);
        return deleted;
    });
}

std::uint64_t RedisCacheService::clear() {
    // Only this server's prefix: the database may be shared, so never FLUSHDB.
    return timed(Op::Clear, [&] {
        std::uint64_t deleted = 0;
        scanFull("*", [&](const std::vector<std::string>& keys) { deleted += unlink(keys); });
        countDeletes(deleted);
        return deleted;
    });
}

std::optional<std::string> RedisCacheService::acquireLock(const std::string& name,
                                                          std::chrono::milliseconds ttl) {
    return timed(Op::AcquireLock, [&]() -> std::optional<std::string> {
        std::string token = newToken();
        const Reply reply =
            call({"SET", fullKey("lock:" + name), token, "NX", "PX", millis(ttl)});
        if (reply.isNull()) return std::nullopt;
        return token;
    });
}

bool RedisCacheService::releaseLock(const std::string& name, const std::string& token) {
    return timed(Op::ReleaseLock,
                 [&] { return runScript(kRelease.sha, kRelease.text, {fullKey("lock:" + name)}, {token}) > 0; });
}

bool RedisCacheService::extendLock(const std::string& name, const std::string& token,
                                   std::chrono::milliseconds ttl) {
    return timed(Op::ExtendLock, [&] {
        return runScript(kExtend.sha, kExtend.text, {fullKey("lock:" + name)}, {token, millis(ttl)}) > 0;
    });
}

std::optional<std::string> RedisCacheService::primitiveGet(const std::string& fullKey) {
    return call({"GET", fullKey}).asOptionalString();
}

bool RedisCacheService::primitiveTakeLease(const std::string& leaseKey, const std::string& token,
                                           std::chrono::milliseconds ttl) {
    return !call({"SET", leaseKey, token, "NX", "PX", millis(ttl)}).isNull();
}

bool RedisCacheService::primitiveFill(const std::string& fullKey, const std::string& leaseKey,
                                      const std::string& token, const std::string& value,
                                      std::chrono::milliseconds ttl) {
    return runScript(kFill.sha, kFill.text, {fullKey, leaseKey}, {token, value, millis(ttl)}) == 1;
}

bool RedisCacheService::primitiveReleaseToken(const std::string& key, const std::string& token) {
    return runScript(kRelease.sha, kRelease.text, {key}, {token}) > 0;
}

void RedisCacheService::primitiveDelete(const std::vector<std::string>& fullKeys) {
    Command command{"DEL"};
    command.insert(command.end(), fullKeys.begin(), fullKeys.end());
    call(command, command.size() - 1, true);
}

std::int64_t RedisCacheService::primitiveCounter(const std::string& fullKey, std::int64_t initial) {
    return runScript(kCounter.sha, kCounter.text, {fullKey}, {std::to_string(initial), millis(kCounterTtl)});
}

std::int64_t RedisCacheService::primitiveBump(const std::string& fullKey, std::int64_t initial) {
    return runScript(kBump.sha, kBump.text, {fullKey}, {std::to_string(initial), millis(kCounterTtl)}, true);
}

std::optional<std::string> RedisCacheService::primitiveGetCurrent(const std::string& fullKey) {
    return runScriptReply(kGetCurrent.sha, kGetCurrent.text, {fullKey}, {}).asOptionalString();
}

bool RedisCacheService::primitiveTagsCurrent(const std::vector<std::string>& tagKeys, std::int64_t clock) {
    return runScript(kTagsCurrent.sha, kTagsCurrent.text, tagKeys, {std::to_string(clock)}) == 1;
}

bool RedisCacheService::primitiveFillTagged(const std::string& fullKey, const std::string& leaseKey,
                                            const std::string& token, const std::string& value,
                                            std::chrono::milliseconds ttl, const ClockReading& reading,
                                            const std::vector<std::string>& tagKeys,
                                            const std::vector<std::string>& markKeys) {
    std::vector<std::string> keys{fullKey, leaseKey};
    keys.insert(keys.end(), tagKeys.begin(), tagKeys.end());
    keys.insert(keys.end(), markKeys.begin(), markKeys.end());
    return runScript(kFillTagged.sha, kFillTagged.text, keys,
                     {token, value, millis(ttl), std::to_string(reading.clock), std::to_string(reading.serverMs),
                      std::to_string(tagKeys.size())}) == 1;
}

CacheServiceBase::ClockReading RedisCacheService::primitiveReadClock(const std::string& clockKey,
                                                                     std::int64_t initial) {
    const Reply reply = runScriptReply(kReadClock.sha, kReadClock.text, {clockKey},
                                       {std::to_string(initial), millis(kCounterTtl)});
    if (!reply.isArray() || reply.elements.size() != 2)
        throw redis::RedisError("the clock script answered with an unexpected reply");
    return {reply.elements[0].asInteger(), reply.elements[1].asInteger()};
}

namespace {
/// Appends what the scripts' announce part reads from the end of ARGV.
std::vector<std::string> withAnnounce(std::vector<std::string> args, const CacheServiceBase::Announce& announce) {
    args.insert(args.end(), {announce.channel, announce.message, std::to_string(announce.youngMs)});
    return args;
}

std::vector<std::string> writeKeys(const std::string& clockKey, const std::vector<std::string>& tagKeys,
                                   const std::vector<std::string>& markKeys) {
    std::vector<std::string> keys{clockKey};
    keys.insert(keys.end(), tagKeys.begin(), tagKeys.end());
    keys.insert(keys.end(), markKeys.begin(), markKeys.end());
    return keys;
}

/// The announce part's own keys, last in KEYS.
std::vector<std::string> withAnnounceKeys(std::vector<std::string> keys, const CacheServiceBase::Announce& announce,
                                          const std::string& prefix) {
    keys.push_back(announce.epochKey.empty() ? prefix + "near:epoch" : announce.epochKey);
    keys.push_back(announce.youngKey.empty() ? prefix + "near:young" : announce.youngKey);
    return keys;
}
} // namespace

std::int64_t RedisCacheService::primitiveBeginWrite(const std::string& clockKey,
                                                    const std::vector<std::string>& tagKeys,
                                                    const std::vector<std::string>& markKeys,
                                                    std::int64_t initial, std::chrono::milliseconds minTtl,
                                                    std::chrono::milliseconds intent,
                                                    const std::string& writeId) {
    (void)initial;
    return runScript(kBeginWrite.sha, kBeginWrite.text, writeKeys(clockKey, tagKeys, markKeys),
                     {writeId, millis(minTtl), std::to_string(tagKeys.size()), millis(intent)}, true);
}

std::int64_t RedisCacheService::primitiveFinishWrite(const std::string& clockKey,
                                                     const std::vector<std::string>& tagKeys,
                                                     const std::vector<std::string>& markKeys,
                                                     std::int64_t initial, std::chrono::milliseconds minTtl,
                                                     const std::string& writeId, const Announce& announce) {
    const std::string space = keyspace();
    const std::int64_t clock =
        runScript(kFinishWrite.sha, kFinishWrite.text,
                  withAnnounceKeys(writeKeys(clockKey, tagKeys, markKeys), announce, space),
                  withAnnounce({std::to_string(initial), millis(minTtl), millis(kCounterTtl),
                                std::to_string(tagKeys.size()), writeId},
                               announce),
                  true);
    // The script ran on a master of `space` only if its keys were of it (borrowFor).
    if (clockKey.compare(0, space.size(), space) != 0)
        throw redis::RedisError("the Redis master changed during the write");
    requireKeyspace(space);
    std::lock_guard lock(writeSpacesMutex_);
    writeSpaces_[writeId] = space;
    return clock;
}

std::int64_t RedisCacheService::primitiveInvalidateTags(const std::string& clockKey,
                                                        const std::vector<std::string>& tagKeys,
                                                        std::int64_t initial,
                                                        std::chrono::milliseconds minTtl,
                                                        const Announce& announce) {
    std::vector<std::string> keys{clockKey};
    keys.insert(keys.end(), tagKeys.begin(), tagKeys.end());
    return runScript(kInvalidateTags.sha, kInvalidateTags.text, withAnnounceKeys(keys, announce, keyspace()),
                     withAnnounce({std::to_string(initial), millis(minTtl), millis(kCounterTtl)}, announce), true);
}

bool RedisCacheService::primitiveAvailable() const { return !pool_.breaker().isOpen(); }

} // namespace jollyjet::cache

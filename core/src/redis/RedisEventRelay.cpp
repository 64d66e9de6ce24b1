#include "jollyjet/redis/RedisEventRelay.h"

#include <random>
#include <sstream>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <spdlog/logger.h>

#include "jollyjet/redis/Connection.h"
#include "jollyjet/redis/RedisError.h"
#include "jollyjet/redis/RedisPool.h"

namespace jollyjet::redis {

namespace {

constexpr std::chrono::milliseconds kPollInterval{100};
constexpr std::chrono::milliseconds kMaxBackoff{2000};

std::string randomId() {
    std::random_device device;
    std::mt19937_64 engine((static_cast<std::uint64_t>(device()) << 32) ^ device());
    static constexpr char kHex[] = "0123456789abcdef";
    std::string id;
    for (int i = 0; i < 16; ++i) id += kHex[engine() & 0xF];
    return id;
}

} // namespace

RedisEventRelay::RedisEventRelay(RedisPool& pool, Events& events,
                                 std::shared_ptr<spdlog::logger> logger)
    : pool_(pool), events_(events), logger_(std::move(logger)),
      channel_(pool.options().keyPrefix + "events"), instanceId_(randomId()) {}

RedisEventRelay::~RedisEventRelay() { stop(); }

void RedisEventRelay::send(const Event& event) {
    Poco::JSON::Object message;
    message.set("origin", instanceId_);
    message.set("topic", event.topic);
    message.set("payload", event.payload);
    std::ostringstream text;
    message.stringify(text);
    try {
        pool_.execute({"PUBLISH", channel_, text.str()});
    } catch (const RedisError& e) {
        if (logger_) logger_->warn("event relay: {} not published to other instances: {}", event.topic, e.what());
    }
}

void RedisEventRelay::start() {
    std::lock_guard lock(threadMutex_);
    if (thread_.joinable()) return;
    stopping_ = false;
    thread_ = std::thread([this] { run(); });
}

void RedisEventRelay::stop() {
    std::lock_guard lock(threadMutex_);
    stopping_ = true;
    if (thread_.joinable()) thread_.join();
}

void RedisEventRelay::run() {
    auto backoff = std::chrono::milliseconds(50);
    while (!stopping_) {
        try {
            auto connection = pool_.connectDedicated();
            connection->send({"SUBSCRIBE", channel_});
            // The confirmation comes first; then only messages arrive on this socket.
            const Reply confirmation = connection->read();
            if (!confirmation.isArray()) throw RedisError("unexpected SUBSCRIBE reply");
            subscribed_ = true;
            backoff = std::chrono::milliseconds(50);
            if (logger_) logger_->info("event relay: subscribed to {}", channel_);
            while (!stopping_) {
                if (!pool_.isCurrent(*connection)) throw RedisError("the Redis master changed");
                if (!connection->waitReadable(kPollInterval)) continue;
                const Reply reply = connection->read();
                if (reply.isArray() && reply.elements.size() == 3 &&
                    reply.elements[0].text == "message")
                    handleMessage(reply.elements[2].text);
            }
        } catch (const std::exception& e) {
            if (subscribed_ && logger_) logger_->warn("event relay: subscription lost: {}", e.what());
        }
        subscribed_ = false;
        // Sleep in short steps so stop() is not held up by the backoff.
        const auto until = std::chrono::steady_clock::now() + backoff;
        while (!stopping_ && std::chrono::steady_clock::now() < until)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        backoff = std::min(backoff * 2, kMaxBackoff);
    }
}

void RedisEventRelay::handleMessage(const std::string& message) {
    try {
        Poco::JSON::Parser parser;
        const auto object = parser.parse(message).extract<Poco::JSON::Object::Ptr>();
        if (!object || object->optValue<std::string>("origin", "") == instanceId_) return;
        const std::string topic = object->optValue<std::string>("topic", "");
        if (topic.empty()) return;
        received_.fetch_add(1);
        events_.deliverRemote(topic, object->optValue<std::string>("payload", ""));
    } catch (const Poco::Exception& e) {
        if (logger_) logger_->warn("event relay: ignored malformed message: {}", e.displayText());
    } catch (const std::exception& e) {
        if (logger_) logger_->warn("event relay: ignored malformed message: {}", e.what());
    }
}

} // namespace jollyjet::redis

#pragma once

#include "jollyjet/Export.h"

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace jollyjet {

/// An event as subscribers see it.
struct JOLLYJET_API Event {
    std::string topic;   ///< e.g. "products.changed"
    std::string payload; ///< JSON text
    bool remote = false; ///< true when it came from another instance through the relay
};

/// Carries published events to other instances (Redis pub/sub in core's cache
/// half). Implementations call Events::deliverRemote for what they receive.
class JOLLYJET_API EventRelay {
public:
    virtual ~EventRelay();
    virtual void send(const Event& event) = 0;
};

/// In-process publish/subscribe.
///
/// publish() delivers synchronously to local subscribers, on the caller's thread, and
/// then hands the event to the relay, if one is set. A subscriber that throws is
/// logged by the caller's logger and does not stop delivery to the others.
class JOLLYJET_API Events {
public:
    using Handler = std::function<void(const Event&)>;

    Events();
    ~Events();

    /// Returns an id for unsubscribe().
    int subscribe(const std::string& topic, Handler handler);
    void unsubscribe(int id);

    void publish(const std::string& topic, const std::string& payload);
    /// Delivers an event received from another instance to local subscribers only.
    void deliverRemote(const std::string& topic, const std::string& payload);

    void setRelay(std::shared_ptr<EventRelay> relay);

private:
    void deliver(const Event& event);

    struct Subscription {
        int id;
        std::string topic;
        std::shared_ptr<Handler> handler;
    };
    mutable std::mutex mutex_;
    std::vector<Subscription> subscriptions_;
    std::shared_ptr<EventRelay> relay_;
    int nextId_ = 1;
};

namespace topics {
/// Payload: {"id":"<product id>","kind":"created|updated|wishlist|deleted"}
inline constexpr const char* kProductsChanged = "products.changed";
} // namespace topics

} // namespace jollyjet

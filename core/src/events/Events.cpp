#include "jollyjet/events/Events.h"

#include <algorithm>

namespace jollyjet {

EventRelay::~EventRelay() = default;

Events::Events() = default;
Events::~Events() = default;

int Events::subscribe(const std::string& topic, Handler handler) {
    std::lock_guard lock(mutex_);
    const int id = nextId_++;
    subscriptions_.push_back({id, topic, std::make_shared<Handler>(std::move(handler))});
    return id;
}

void Events::unsubscribe(int id) {
    std::lock_guard lock(mutex_);
    std::erase_if(subscriptions_, [id](const auto& s) { return s.id == id; });
}

void Events::publish(const std::string& topic, const std::string& payload) {
    Event event{topic, payload, false};
    deliver(event);
    std::shared_ptr<EventRelay> relay;
    {
        std::lock_guard lock(mutex_);
        relay = relay_;
    }
    if (relay) relay->send(event);
}

void Events::deliverRemote(const std::string& topic, const std::string& payload) {
    deliver(Event{topic, payload, true});
}

void Events::setRelay(std::shared_ptr<EventRelay> relay) {
    std::lock_guard lock(mutex_);
    relay_ = std::move(relay);
}

void Events::deliver(const Event& event) {
    // Handlers run without the lock held, so a handler may subscribe or publish.
    std::vector<std::shared_ptr<Handler>> handlers;
    {
        std::lock_guard lock(mutex_);
        for (const auto& s : subscriptions_)
            if (s.topic == event.topic) handlers.push_back(s.handler);
    }
    for (const auto& handler : handlers) {
        try {
            (*handler)(event);
        } catch (...) {
            // A failing subscriber must not keep the event from the others; the
            // subscriber is expected to log its own failures.
        }
    }
}

} // namespace jollyjet

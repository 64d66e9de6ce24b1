#include <gtest/gtest.h>

#include "jollyjet/events/Events.h"

using namespace jollyjet;

namespace {
class RecordingRelay : public EventRelay {
public:
    void send(const Event& e) override { sent.push_back(e.topic + ":" + e.payload); }
    std::vector<std::string> sent;
};
} // namespace

TEST(Events, DeliversToSubscribersOfTheTopicAndRelays) {
    Events events;
    auto relay = std::make_shared<RecordingRelay>();
    events.setRelay(relay);
    std::vector<std::string> got;
    events.subscribe("a", [&](const Event& e) { got.push_back("1" + e.payload); });
    const int id = events.subscribe("a", [&](const Event& e) { got.push_back("2" + e.payload); });
    events.subscribe("b", [&](const Event&) { got.push_back("wrong"); });
    events.publish("a", "x");
    events.unsubscribe(id);
    events.publish("a", "y");
    EXPECT_EQ(got, (std::vector<std::string>{"1x", "2x", "1y"}));
    EXPECT_EQ(relay->sent, (std::vector<std::string>{"a:x", "a:y"}));
}

TEST(Events, RemoteEventsAreNotRelayedBackAndAreMarked) {
    Events events;
    auto relay = std::make_shared<RecordingRelay>();
    events.setRelay(relay);
    bool remote = false;
    events.subscribe("a", [&](const Event& e) { remote = e.remote; });
    events.deliverRemote("a", "x");
    EXPECT_TRUE(remote);
    EXPECT_TRUE(relay->sent.empty());
}

TEST(Events, AThrowingSubscriberDoesNotStopTheOthers) {
    Events events;
    int delivered = 0;
    events.subscribe("a", [](const Event&) { throw std::runtime_error("boom"); });
    events.subscribe("a", [&](const Event&) { ++delivered; });
    events.publish("a", "{}");
    EXPECT_EQ(delivered, 1);
}

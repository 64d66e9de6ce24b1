#include "jollyjet/Backends.h"

#include <Poco/Util/AbstractConfiguration.h>

#include "OpenBackends.h"
#include "jollyjet/Services.h"

namespace jollyjet {

Backend::~Backend() = default;

Backends::Backends(const Poco::Util::AbstractConfiguration& config, Services& services,
                   LogManager& logs) {
    // The cache first: stores may publish events the cache relays.
    if (auto cache = backends::openCache(config, services, logs)) opened_.push_back(std::move(cache));
    if (auto store = backends::openStore(config, services, logs)) opened_.push_back(std::move(store));
}

Backends::~Backends() {
    stop();
    // Reverse order of opening: nothing opened later may outlive what it uses.
    while (!opened_.empty()) opened_.pop_back();
}

void Backends::start() {
    for (auto& backend : opened_) backend->start();
    started_ = true;
}

void Backends::stop() noexcept {
    if (!started_) return;
    started_ = false;
    for (auto it = opened_.rbegin(); it != opened_.rend(); ++it) {
        try {
            (*it)->stop();
        } catch (...) {
        }
    }
}

} // namespace jollyjet

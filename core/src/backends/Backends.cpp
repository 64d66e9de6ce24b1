#include "jollyjet/Backends.h"

#include <stdexcept>

#include <Poco/Util/AbstractConfiguration.h>

#include "OpenBackends.h"
#include "jollyjet/Services.h"

namespace jollyjet {

Backend::~Backend() = default;

std::vector<std::string> backendNames(const std::string& section) {
    std::vector<std::string> names;
    for (const auto& factory : backends::backendFactories())
        if (factory.section == section) names.emplace_back(factory.name);
    return names;
}

std::string backendDefault(const std::string& section) { return backendNames(section).front(); }

std::unique_ptr<Backend> openBackend(const std::string& section, const std::string& name,
                                     const Poco::Util::AbstractConfiguration& config, Services& services,
                                     LogManager& logs) {
    for (const auto& factory : backends::backendFactories())
        if (factory.section == section && factory.name == name) return factory.open(config, services, logs);
    throw std::invalid_argument("no " + section + " backend is named '" + name + "'");
}

Backends::Backends(const Poco::Util::AbstractConfiguration& config, Services& services,
                   LogManager& logs) {
    // The one place a backend is chosen: the factory registered under the name the
    // section gives (the schema has already refused names no factory has).
    for (const auto& factory : backends::backendFactories()) {
        const std::string section(factory.section);
        if (config.getString(section + ".backend", backendDefault(section)) == factory.name)
            opened_.push_back(factory.open(config, services, logs));
    }
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

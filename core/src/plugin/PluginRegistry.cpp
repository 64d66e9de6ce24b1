#include "jollyjet/plugin/PluginRegistry.h"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/SharedLibrary.h>
#include <Poco/Util/AbstractConfiguration.h>

#include "AbiSection.h"
#include "jollyjet/Services.h"

namespace jollyjet {

namespace {

std::string joinLines(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& line : lines) {
        if (!out.empty()) out += '\n';
        out += line;
    }
    return out;
}

} // namespace

PluginError::PluginError(const std::vector<std::string>& problems)
    : std::runtime_error(joinLines(problems)), problems_(problems) {}
PluginError::~PluginError() = default;

PluginRegistry::PluginRegistry(std::string directory)
    : directory_(std::move(directory)), loader_(std::make_unique<Poco::ClassLoader<Plugin>>()) {}

PluginRegistry::~PluginRegistry() {
    stopAll();
    // Plugin objects go first; the libraries stay mapped (ClassLoader never unloads).
    plugins_.clear();
}

void PluginRegistry::load(const std::vector<std::string>& names) {
    std::vector<std::string> problems;
    std::set<std::string> seen;
    for (const auto& name : names) {
        if (!seen.insert(name).second) {
            problems.push_back("plugin '" + name + "': listed twice in [plugins] enabled");
            continue;
        }
        Poco::Path path(directory_);
        path.makeDirectory();
        path.setFileName(name + Poco::SharedLibrary::suffix());
        const std::string file = path.toString();
        const std::string where = "plugin '" + name + "' (" + file + "): ";
        if (!Poco::File(file).exists()) {
            problems.push_back(where + "library not found; is the name right and [plugins] path "
                                       "the folder of the plugin libraries?");
            continue;
        }
        try {
            // Checked in the file, before the library is loaded: a plugin built
            // against another SDK must not have any of its code run.
            const auto signature = readAbiSection(file);
            if (!signature) {
                problems.push_back(where + "not a JollyJet plugin (no .jollyjet_abi section)");
                continue;
            }
            if (*signature != kAbiSignature) {
                problems.push_back(where + "built for ABI '" + *signature + "', this jollyjetd has ABI '" +
                                   kAbiSignature + "'; rebuild the plugin against this SDK");
                continue;
            }
            loader_->loadLibrary(file);
            const auto* manifest = loader_->findManifest(file);
            if (manifest == nullptr || manifest->begin() == manifest->end()) {
                problems.push_back(where + "exports no plugin class");
                continue;
            }
            std::unique_ptr<Plugin> plugin(manifest->begin()->create());
            if (plugin->name() != name) {
                problems.push_back(where + "the library's plugin calls itself '" + plugin->name() +
                                   "'");
                continue;
            }
            plugins_.push_back({file, std::move(plugin), false});
        } catch (const Poco::Exception& e) {
            problems.push_back(where + e.displayText());
        } catch (const std::exception& e) {
            problems.push_back(where + e.what());
        }
    }
    if (!problems.empty()) throw PluginError(problems);
}

void PluginRegistry::add(std::unique_ptr<Plugin> plugin, std::string file) {
    plugins_.push_back({std::move(file), std::move(plugin), false});
}

void PluginRegistry::order() {
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < plugins_.size(); ++i) index[plugins_[i].plugin->name()] = i;

    std::vector<std::string> problems;
    for (const auto& loaded : plugins_) {
        for (const auto& dependency : loaded.plugin->dependencies()) {
            if (!index.count(dependency))
                problems.push_back("plugin '" + loaded.plugin->name() + "' (" + loaded.file +
                                   "): requires plugin '" + dependency +
                                   "', which is not in [plugins] enabled");
        }
    }
    if (!problems.empty()) throw PluginError(problems);

    // Depth-first topological sort that keeps the operator's order where it can.
    enum class Mark { None, Visiting, Done };
    std::vector<Mark> marks(plugins_.size(), Mark::None);
    std::vector<std::size_t> sorted;
    std::vector<std::string> stack;
    std::function<void(std::size_t)> visit = [&](std::size_t i) {
        if (marks[i] == Mark::Done) return;
        const auto& name = plugins_[i].plugin->name();
        if (marks[i] == Mark::Visiting) {
            std::string cycle;
            auto from = std::find(stack.begin(), stack.end(), name);
            for (auto it = from; it != stack.end(); ++it) cycle += *it + " -> ";
            throw PluginError({"plugin dependency cycle: " + cycle + name});
        }
        marks[i] = Mark::Visiting;
        stack.push_back(name);
        for (const auto& dependency : plugins_[i].plugin->dependencies()) visit(index[dependency]);
        stack.pop_back();
        marks[i] = Mark::Done;
        sorted.push_back(i);
    };
    for (std::size_t i = 0; i < plugins_.size(); ++i) visit(i);

    std::vector<Loaded> reordered;
    for (auto i : sorted) reordered.push_back(std::move(plugins_[i]));
    plugins_ = std::move(reordered);
}

std::vector<std::string>
PluginRegistry::validate(const Poco::Util::AbstractConfiguration& config) const {
    std::vector<std::string> problems;
    for (const auto& loaded : plugins_) {
        const auto& name = loaded.plugin->name();
        Poco::AutoPtr<Poco::Util::AbstractConfiguration> view(
            const_cast<Poco::Util::AbstractConfiguration&>(config).createView("plugin." + name));
        std::vector<std::string> own;
        try {
            loaded.plugin->validate(*view, own);
        } catch (const std::exception& e) {
            own.push_back(std::string("validation failed: ") + e.what());
        }
        const std::string file = config.getString("jollyjet.configFile", "");
        for (const auto& problem : own)
            problems.push_back("plugin '" + name + "': [plugin." + name + "]" +
                               (file.empty() ? "" : " in " + file) + ": " + problem);
    }
    return problems;
}

void PluginRegistry::initAll(Poco::Util::AbstractConfiguration& config, Services& services) {
    for (auto& loaded : plugins_) {
        const auto& name = loaded.plugin->name();
        Poco::AutoPtr<Poco::Util::AbstractConfiguration> view(config.createView("plugin." + name));
        try {
            loaded.plugin->init(*view, services);
        } catch (const std::exception& e) {
            throw PluginError(
                {"plugin '" + name + "' (" + loaded.file + "): init failed: " + e.what()});
        }
    }
}

void PluginRegistry::startAll() {
    for (std::size_t i = 0; i < plugins_.size(); ++i) {
        auto& loaded = plugins_[i];
        try {
            loaded.plugin->start();
            loaded.started = true;
            startOrder_.push_back(i);
        } catch (const std::exception& e) {
            const std::string message = "plugin '" + loaded.plugin->name() + "' (" + loaded.file +
                                        "): start failed: " + e.what();
            stopAll();
            throw PluginError({message});
        }
    }
}

void PluginRegistry::stopAll() noexcept {
    while (!startOrder_.empty()) {
        auto& loaded = plugins_[startOrder_.back()];
        startOrder_.pop_back();
        try {
            loaded.plugin->stop();
        } catch (...) {
            // stop() must not throw; one that does must not keep the others running.
        }
        loaded.started = false;
    }
}

std::vector<std::string> PluginRegistry::names() const {
    std::vector<std::string> out;
    for (const auto& loaded : plugins_) out.push_back(loaded.plugin->name());
    return out;
}

std::vector<std::string> PluginRegistry::started() const {
    std::vector<std::string> out;
    for (auto i : startOrder_) out.push_back(plugins_[i].plugin->name());
    return out;
}

std::string PluginRegistry::libraryPath(const std::string& name) const {
    for (const auto& loaded : plugins_)
        if (loaded.plugin->name() == name) return loaded.file;
    return {};
}

} // namespace jollyjet

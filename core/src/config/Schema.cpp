#include "jollyjet/config/Schema.h"

#include <algorithm>
#include <set>

#include <Poco/NumberParser.h>
#include <Poco/Path.h>
#include <Poco/String.h>
#include <Poco/Util/AbstractConfiguration.h>

namespace jollyjet::config {

namespace {

std::string lower(std::string text) { return Poco::toLower(text); }

std::string describe(const Schema::Key& key) {
    switch (key.type) {
    case Schema::Type::Int: return "a whole number";
    case Schema::Type::Double: return "a number";
    case Schema::Type::Bool: return "true or false";
    default: return "a value";
    }
}

std::string formatRange(double v) {
    std::string s = std::to_string(v);
    s.erase(s.find_last_not_of('0') + 1);
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
}

// Collects every leaf key below `prefix`, relative to it ("a.b" for prefix.a.b).
void collectKeys(const Poco::Util::AbstractConfiguration& config, const std::string& prefix,
                 const std::string& relative, std::vector<std::string>& out) {
    Poco::Util::AbstractConfiguration::Keys keys;
    config.keys(prefix, keys);
    for (const auto& key : keys) {
        const std::string full = prefix.empty() ? key : prefix + "." + key;
        const std::string rel = relative.empty() ? key : relative + "." + key;
        Poco::Util::AbstractConfiguration::Keys children;
        config.keys(full, children);
        if (children.empty())
            out.push_back(rel);
        else
            collectKeys(config, full, rel, out);
    }
}

} // namespace

std::vector<std::string> splitList(const std::string& text) {
    std::vector<std::string> items;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto comma = text.find(',', start);
        if (comma == std::string::npos) comma = text.size();
        std::string item = Poco::trim(text.substr(start, comma - start));
        if (!item.empty()) items.push_back(item);
        start = comma + 1;
    }
    return items;
}

Schema::Schema(std::string section) : section_(std::move(section)) {}

Schema& Schema::string(const std::string& name, const std::string& def, const std::string& help) {
    keys_.push_back({name, Type::String, def, 0, 0, {}, help});
    return *this;
}

Schema& Schema::integer(const std::string& name, long def, long min, long max,
                        const std::string& help) {
    keys_.push_back({name, Type::Int, std::to_string(def), static_cast<double>(min),
                     static_cast<double>(max), {}, help});
    return *this;
}

Schema& Schema::number(const std::string& name, double def, double min, double max,
                       const std::string& help) {
    keys_.push_back({name, Type::Double, formatRange(def), min, max, {}, help});
    return *this;
}

Schema& Schema::boolean(const std::string& name, bool def, const std::string& help) {
    keys_.push_back({name, Type::Bool, def ? "true" : "false", 0, 0, {}, help});
    return *this;
}

Schema& Schema::path(const std::string& name, const std::string& def, const std::string& help) {
    keys_.push_back({name, Type::Path, def, 0, 0, {}, help});
    return *this;
}

Schema& Schema::choice(const std::string& name, const std::string& def,
                       std::vector<std::string> choices, const std::string& help) {
    keys_.push_back({name, Type::Choice, def, 0, 0, std::move(choices), help});
    return *this;
}

Schema& Schema::list(const std::string& name, const std::string& def, const std::string& help) {
    keys_.push_back({name, Type::List, def, 0, 0, {}, help});
    return *this;
}

Schema& Schema::retired(const std::string& name, const std::string& replacement) {
    retired_.emplace_back(name, replacement);
    return *this;
}

Schema& Schema::open(const std::string& prefix) {
    openPrefixes_.push_back(lower(prefix));
    return *this;
}

std::string Schema::fullName(const std::string& name) const {
    return section_.empty() ? name : section_ + "." + name;
}

void Schema::validate(const Poco::Util::AbstractConfiguration& config, const std::string& source,
                      std::vector<std::string>& problems) const {
    validate(config, [&source](const std::string&) { return source; }, problems);
}

void Schema::validate(const Poco::Util::AbstractConfiguration& config, const SourceOf& sourceOf,
                      std::vector<std::string>& problems) const {
    // "[server] in FILE: key ..." for core sections; a plugin's own view is labelled
    // by the registry, so it passes an empty source.
    auto whereOf = [&](const std::string& name) {
        const std::string source = sourceOf(fullName(name));
        std::string where = section_.empty() ? source : "[" + section_ + "] in " + source;
        if (!where.empty()) where += ": ";
        return where;
    };
    std::vector<std::string> present;
    collectKeys(config, section_, "", present);
    for (const auto& name : present) {
        const std::string lowered = lower(name);
        const bool known = std::any_of(keys_.begin(), keys_.end(),
                                       [&](const Key& k) { return lower(k.name) == lowered; });
        const bool open = std::any_of(openPrefixes_.begin(), openPrefixes_.end(),
                                      [&](const auto& p) { return lowered.rfind(p, 0) == 0; });
        const auto retired = std::find_if(retired_.begin(), retired_.end(),
                                          [&](const auto& r) { return lower(r.first) == lowered; });
        if (retired != retired_.end()) {
            problems.push_back(whereOf(name) + "key '" + name + "' was retired: " + retired->second);
        } else if (!known && !open) {
            std::string names;
            for (const auto& k : keys_) names += (names.empty() ? "" : ", ") + k.name;
            problems.push_back(whereOf(name) + "unknown key '" + name + "' (known keys: " + names + ")");
        }
    }
    for (const auto& key : keys_) {
        const std::string full = fullName(key.name);
        if (!config.hasProperty(full)) continue;
        const std::string where = whereOf(key.name);
        std::string value;
        try {
            value = Poco::trim(config.getString(full));
        } catch (const Poco::Exception& e) {
            problems.push_back(where + "key '" + key.name + "': " + e.displayText());
            continue;
        }
        const std::string prefix = where + "key '" + key.name + "' = '" + value + "': ";
        switch (key.type) {
        case Type::Int: {
            Poco::Int64 n = 0;
            if (!Poco::NumberParser::tryParse64(value, n)) {
                problems.push_back(prefix + "expected " + describe(key));
            } else if (key.min < key.max && (static_cast<double>(n) < key.min ||
                                             static_cast<double>(n) > key.max)) {
                problems.push_back(prefix + "must be between " + formatRange(key.min) + " and " +
                                   formatRange(key.max));
            }
            break;
        }
        case Type::Double: {
            double d = 0;
            if (!Poco::NumberParser::tryParseFloat(value, d)) {
                problems.push_back(prefix + "expected " + describe(key));
            } else if (key.min < key.max && (d < key.min || d > key.max)) {
                problems.push_back(prefix + "must be between " + formatRange(key.min) + " and " +
                                   formatRange(key.max));
            }
            break;
        }
        case Type::Bool: {
            bool b = false;
            if (!Poco::NumberParser::tryParseBool(value, b))
                problems.push_back(prefix + "expected true or false");
            break;
        }
        case Type::Choice: {
            if (std::find(key.choices.begin(), key.choices.end(), value) == key.choices.end()) {
                std::string choices;
                for (const auto& c : key.choices) choices += (choices.empty() ? "" : ", ") + c;
                problems.push_back(prefix + "expected one of: " + choices);
            }
            break;
        }
        default: break;
        }
    }
}

void Schema::resolvePaths(Poco::Util::AbstractConfiguration& config,
                          const std::string& baseDir) const {
    for (const auto& key : keys_) {
        if (key.type != Type::Path) continue;
        const std::string full = fullName(key.name);
        const std::string value = config.getString(full, key.defaultValue);
        if (value.empty()) continue;
        Poco::Path path(value);
        if (path.isAbsolute()) {
            if (!config.hasProperty(full)) config.setString(full, value);
            continue;
        }
        config.setString(full, Poco::Path(baseDir).makeDirectory().resolve(path).toString());
    }
}

} // namespace jollyjet::config

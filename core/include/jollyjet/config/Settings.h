#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <Poco/Util/AbstractConfiguration.h>

#include "jollyjet/config/Schema.h"

namespace jollyjet::config {

/// A Schema whose keys are bound to the members of a settings struct: each key's
/// name, type, range and default are written once, in the declaration, and read()
/// yields the struct with every member filled (the default where a key is unset).
///
///     struct TimingSettings { std::string header; };
///     const Settings<TimingSettings> kSchema = Settings<TimingSettings>("")
///         .string("header", &TimingSettings::header, "X-Response-Time", "name of the header");
///     TimingSettings settings = kSchema.read(config);
///
/// read() expects a configuration that validate() accepted; a value of the wrong
/// type there throws Poco's SyntaxException. Integer keys bind to any integral
/// member or to a std::chrono::duration, whose unit the member's type decides.
template <class T>
class Settings {
public:
    explicit Settings(std::string section) : schema_(std::move(section)) {}

    Settings& string(const std::string& name, std::string T::*member, const std::string& def,
                     const std::string& help) {
        schema_.string(name, def, help);
        return bind(name, [member, def](const Reader& in, T& out) { out.*member = in.string(def); });
    }
    Settings& path(const std::string& name, std::string T::*member, const std::string& def,
                   const std::string& help) {
        schema_.path(name, def, help);
        return bind(name, [member, def](const Reader& in, T& out) { out.*member = in.string(def); });
    }
    Settings& choice(const std::string& name, std::string T::*member, const std::string& def,
                     std::vector<std::string> choices, const std::string& help) {
        schema_.choice(name, def, std::move(choices), help);
        return bind(name, [member, def](const Reader& in, T& out) { out.*member = in.string(def); });
    }
    Settings& list(const std::string& name, std::vector<std::string> T::*member, const std::string& def,
                   const std::string& help) {
        schema_.list(name, def, help);
        return bind(name, [member, def](const Reader& in, T& out) { out.*member = splitList(in.string(def)); });
    }
    Settings& boolean(const std::string& name, bool T::*member, bool def, const std::string& help) {
        schema_.boolean(name, def, help);
        return bind(name, [member, def](const Reader& in, T& out) { out.*member = in.boolean(def); });
    }
    Settings& number(const std::string& name, double T::*member, double def, double min, double max,
                     const std::string& help) {
        schema_.number(name, def, min, max, help);
        return bind(name, [member, def](const Reader& in, T& out) { out.*member = in.number(def); });
    }
    template <class M>
    Settings& integer(const std::string& name, M T::*member, long def, long min, long max,
                      const std::string& help) {
        schema_.integer(name, def, min, max, help);
        return bind(name, [member, def](const Reader& in, T& out) {
            const auto value = in.integer(def);
            if constexpr (std::is_integral_v<M>)
                out.*member = static_cast<M>(value);
            else
                out.*member = M(static_cast<typename M::rep>(value));
        });
    }
    /// A key that no longer exists; see Schema::retired.
    Settings& retired(const std::string& name, const std::string& replacement) {
        schema_.retired(name, replacement);
        return *this;
    }
    /// Keys under `prefix` are accepted unchecked and bound to no member.
    Settings& open(const std::string& prefix) {
        schema_.open(prefix);
        return *this;
    }

    /// The settings the configuration describes, starting from a value-initialised T.
    T read(const Poco::Util::AbstractConfiguration& config) const {
        T settings{};
        for (const auto& binding : bindings_) binding.second(Reader{config, fullName(binding.first)}, settings);
        return settings;
    }

    const Schema& schema() const { return schema_; }
    void validate(const Poco::Util::AbstractConfiguration& config, const std::string& source,
                  std::vector<std::string>& problems) const {
        schema_.validate(config, source, problems);
    }

private:
    /// One key of the configuration, read with the default its binding carries.
    struct Reader {
        const Poco::Util::AbstractConfiguration& config;
        std::string key;
        std::string string(const std::string& def) const { return config.getString(key, def); }
        bool boolean(bool def) const { return config.getBool(key, def); }
        double number(double def) const { return config.getDouble(key, def); }
        long long integer(long def) const { return config.getInt64(key, def); }
    };
    using Bind = std::function<void(const Reader&, T&)>;

    Settings& bind(const std::string& name, Bind bind) {
        bindings_.emplace_back(name, std::move(bind));
        return *this;
    }
    std::string fullName(const std::string& name) const {
        return schema_.section().empty() ? name : schema_.section() + "." + name;
    }

    Schema schema_;
    std::vector<std::pair<std::string, Bind>> bindings_;
};

} // namespace jollyjet::config

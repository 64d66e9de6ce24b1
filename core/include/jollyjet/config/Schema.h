#pragma once

#include "jollyjet/Export.h"

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace Poco::Util {
class AbstractConfiguration;
}

namespace jollyjet::config {

/// The declared keys of one config section and the rules their values follow.
///
/// validate() reports, one message per problem and each naming the key and the file:
/// keys the section does not know (typos), values of the wrong type, numbers out of
/// range, words not among the choices. Every key has a default, so a missing key is
/// never a problem. Key names are compared case-insensitively, as POCO's ini reader
/// does.
class JOLLYJET_API Schema {
public:
    enum class Type { String, Int, Bool, Double, Path, Choice, List };

    struct Key {
        std::string name;
        Type type = Type::String;
        std::string defaultValue;
        double min = 0;
        double max = 0; ///< range checked when min < max
        std::vector<std::string> choices;
        std::string help;
    };

    /// `section` is the dotted prefix the keys live under ("server", "plugin.timing");
    /// empty for a plugin's own view.
    explicit Schema(std::string section);

    Schema& string(const std::string& name, const std::string& def, const std::string& help);
    Schema& integer(const std::string& name, long def, long min, long max, const std::string& help);
    Schema& number(const std::string& name, double def, double min, double max,
                   const std::string& help);
    Schema& boolean(const std::string& name, bool def, const std::string& help);
    /// A file or folder; relative values are taken relative to the config file's folder.
    Schema& path(const std::string& name, const std::string& def, const std::string& help);
    Schema& choice(const std::string& name, const std::string& def,
                   std::vector<std::string> choices, const std::string& help);
    /// A comma-separated list of words.
    Schema& list(const std::string& name, const std::string& def, const std::string& help);
    /// A key that no longer exists: setting it is a problem whose message says what
    /// replaced it.
    Schema& retired(const std::string& name, const std::string& replacement);
    /// Keys under this prefix are accepted without checks (e.g. "ttl." for per-route TTLs).
    Schema& open(const std::string& prefix);

    /// Names where a key's value came from ("etc/x.ini", "command-line override -D
    /// server.port"), given the key's full dotted name.
    using SourceOf = std::function<std::string(const std::string& fullKey)>;

    void validate(const Poco::Util::AbstractConfiguration& config, const std::string& source,
                  std::vector<std::string>& problems) const;
    /// The same, each problem naming the source of its own key.
    void validate(const Poco::Util::AbstractConfiguration& config, const SourceOf& sourceOf,
                  std::vector<std::string>& problems) const;

    /// Rewrites each relative Path value (set or default) as an absolute path under
    /// `baseDir`, so later chdir (daemon mode) changes nothing.
    void resolvePaths(Poco::Util::AbstractConfiguration& config, const std::string& baseDir) const;

    const std::string& section() const { return section_; }
    const std::vector<Key>& keys() const { return keys_; }

private:
    std::string fullName(const std::string& name) const;
    std::string section_;
    std::vector<Key> keys_;
    std::vector<std::string> openPrefixes_;
    std::vector<std::pair<std::string, std::string>> retired_;
};

/// Splits "a, b ,c" into {"a","b","c"}; empty items are dropped.
JOLLYJET_API std::vector<std::string> splitList(const std::string& text);

} // namespace jollyjet::config

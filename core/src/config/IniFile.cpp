#include "jollyjet/config/IniFile.h"

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include <Poco/Exception.h>
#include <Poco/String.h>

namespace jollyjet::config {

std::string checkIniText(const std::string& text, const std::string& source,
                         std::vector<std::string>& problems) {
    std::istringstream in(text);
    std::string out;
    std::string line;
    std::string section;
    std::map<std::string, int> seen; // "section.key" (lower case) -> line
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        const std::string trimmed = Poco::trim(line);
        if (!trimmed.empty() && trimmed[0] == '#') {
            out += ";" + line + "\n";
            continue;
        }
        out += line + "\n";
        if (trimmed.empty() || trimmed[0] == ';') continue;
        if (trimmed[0] == '[') {
            const auto close = trimmed.find(']');
            section = Poco::toLower(Poco::trim(trimmed.substr(1, close == std::string::npos ? std::string::npos
                                                                                             : close - 1)));
            continue;
        }
        const auto eq = trimmed.find('=');
        const std::string key = Poco::toLower(Poco::trim(trimmed.substr(0, eq)));
        if (key.empty()) continue;
        const std::string full = section.empty() ? key : section + "." + key;
        const auto [it, inserted] = seen.emplace(full, number);
        if (!inserted)
            problems.push_back(source + ":" + std::to_string(number) + ": key '" + Poco::trim(trimmed.substr(0, eq)) +
                               "' in [" + section + "] is set twice (lines " + std::to_string(it->second) +
                               " and " + std::to_string(number) + "); keep one");
    }
    return out;
}

std::string expandEnvironmentDefaults(const std::string& text) {
    static const std::string kOpen = "${system.env.";
    std::string out;
    std::size_t pos = 0;
    while (true) {
        const auto at = text.find(kOpen, pos);
        if (at == std::string::npos) break;
        const auto close = text.find('}', at);
        const auto dash = text.find(":-", at);
        if (close == std::string::npos || dash == std::string::npos || dash > close ||
            text.find('\n', at) < close) {
            out += text.substr(pos, at + kOpen.size() - pos);
            pos = at + kOpen.size();
            continue;
        }
        out += text.substr(pos, at - pos);
        const std::string name = text.substr(at + kOpen.size(), dash - at - kOpen.size());
        const char* value = std::getenv(name.c_str());
        out += value ? std::string(value) : text.substr(dash + 2, close - dash - 2);
        pos = close + 1;
    }
    out += text.substr(pos);
    return out;
}

Poco::AutoPtr<Poco::Util::IniFileConfiguration> loadIniFile(const std::string& path,
                                                            std::vector<std::string>& problems) {
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        problems.push_back(path + ": cannot be read");
        return nullptr;
    }
    std::ostringstream text;
    text << file.rdbuf();
    std::istringstream checked(expandEnvironmentDefaults(checkIniText(text.str(), path, problems)));
    try {
        return new Poco::Util::IniFileConfiguration(checked);
    } catch (const Poco::Exception& e) {
        problems.push_back(path + ": " + e.displayText());
        return nullptr;
    }
}

} // namespace jollyjet::config

#pragma once

#include "jollyjet/Export.h"

#include <string>
#include <vector>

#include <Poco/AutoPtr.h>
#include <Poco/Util/IniFileConfiguration.h>

namespace jollyjet::config {

/// Reads an ini file the way operators write them.
///
/// Lines whose first non-blank character is `;` or `#` are comments (POCO's reader
/// knows only `;` and took `# note` for a section name). A key set twice in one
/// section is a problem naming both lines, not a silent "last one wins".
/// `${system.env.NAME:-default}` takes the variable, or the default when it is not
/// set (`${system.env.NAME}` without a default stays a problem when unset). Returns
/// nullptr (with the problem added) when the file cannot be read.
JOLLYJET_API Poco::AutoPtr<Poco::Util::IniFileConfiguration> loadIniFile(const std::string& path,
                                                            std::vector<std::string>& problems);

/// `${system.env.NAME:-default}` replaced by the variable's value or the default.
JOLLYJET_API std::string expandEnvironmentDefaults(const std::string& text);

/// The same check on ini text already read; `source` names it in problems.
/// Returns the text with `#` comment lines turned into `;` ones.
JOLLYJET_API std::string checkIniText(const std::string& text, const std::string& source,
                         std::vector<std::string>& problems);

} // namespace jollyjet::config

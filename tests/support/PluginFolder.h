#pragma once

#include <string>

#include "TestEnv.h"

namespace jollyjet::test {

/// A folder with links to the real plugins and the test plugins, so one jollyjetd
/// can load both (`[plugins] path = folder.path()`).
class PluginFolder {
public:
    PluginFolder();
    const std::string& path() const { return dir_.path(); }

private:
    TempDir dir_;
};

} // namespace jollyjet::test

#include "PluginFolder.h"

#include <filesystem>

namespace jollyjet::test {

PluginFolder::PluginFolder() {
    namespace fs = std::filesystem;
    for (const auto& folder : {pluginDir(), testPluginDir()})
        for (const auto& entry : fs::directory_iterator(folder))
            if (entry.path().extension() == ".so")
                fs::create_symlink(entry.path(), fs::path(dir_.path()) / entry.path().filename());
}

} // namespace jollyjet::test

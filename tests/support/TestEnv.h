#pragma once

#include <string>

namespace jollyjet::test {

/// Paths the build tree hands to tests (compile definitions set in tests/CMakeLists.txt).
std::string jollyjetdBinary();
std::string pluginDir();
std::string testPluginDir();
std::string sourceDir();
std::string mongoTestServerBinary();

/// A loopback TCP port nothing listens on right now.
int freePort();

/// A fresh folder under the system temp dir, removed with its contents on destruction.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return path_; }
    /// Writes `content` to `name` inside the folder and returns the file's path.
    std::string write(const std::string& name, const std::string& content) const;

private:
    std::string path_;
};

} // namespace jollyjet::test

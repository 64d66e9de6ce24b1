#include "TestEnv.h"

#include <fstream>
#include <stdexcept>

#include <Poco/File.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Path.h>
#include <Poco/TemporaryFile.h>

namespace jollyjet::test {

std::string jollyjetdBinary() { return JOLLYJET_TEST_BINARY; }
std::string pluginDir() { return JOLLYJET_TEST_PLUGIN_DIR; }
std::string testPluginDir() { return JOLLYJET_TEST_TEST_PLUGIN_DIR; }
std::string sourceDir() { return JOLLYJET_TEST_SOURCE_DIR; }
std::string mongoTestServerBinary() { return JOLLYJET_TEST_MONGO_SERVER; }

int freePort() {
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
    return socket.address().port();
}

TempDir::TempDir() {
    path_ = Poco::TemporaryFile::tempName();
    Poco::File(path_).createDirectories();
}

TempDir::~TempDir() {
    try {
        Poco::File(path_).remove(true);
    } catch (...) {
    }
}

std::string TempDir::write(const std::string& name, const std::string& content) const {
    const std::string file = Poco::Path(path_).append(name).toString();
    Poco::File(Poco::Path(file).parent()).createDirectories();
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << content;
    if (!out) throw std::runtime_error("cannot write " + file);
    return file;
}

} // namespace jollyjet::test

#include "TestEnv.h"

#include <fstream>
#include <mutex>
#include <random>
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
    // Below the kernel's ephemeral range (32768-60999 by default): a port the kernel
    // picked for us (bind to 0) is just as likely to be picked next for some client's
    // outgoing connection, and the load tests make hundreds of thousands of those.
    static std::mt19937 random(std::random_device{}());
    std::uniform_int_distribution<int> pick(20000, 32000);
    for (int attempt = 0; attempt < 200; ++attempt) {
        const int port = pick(random);
        try {
            Poco::Net::ServerSocket socket;
            socket.bind(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port)), false);
            socket.listen(1);
            return port;
        } catch (const Poco::Exception&) {
            // in use: try another
        }
    }
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

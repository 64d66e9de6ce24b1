// jollyjet-mongo-test-server --port N [--verbose]
//     [--tls-cert-file F --tls-key-file F [--tls-ca-file F]]
// The MongoDB wire test server as a process: prints "ready" once it listens, stops
// cleanly on SIGTERM or SIGINT. For tests that kill a server, the Node.js driver
// check, and pointing jollyjetd at it by hand (store.backend = mongodb).
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>

#include <pthread.h>

#include "MongoWireServer.h"

int main(int argc, char** argv) {
    int port = 27017;
    bool verbose = std::getenv("JOLLYJET_MONGO_WIRE_VERBOSE") != nullptr;
    jollyjet::test::MongoWireTls tls;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--port" && i + 1 < argc) {
            port = std::atoi(argv[++i]);
        } else if (arg == "--verbose") {
            verbose = true;
        } else if (arg == "--tls-cert-file" && i + 1 < argc) {
            tls.certFile = argv[++i];
        } else if (arg == "--tls-key-file" && i + 1 < argc) {
            tls.keyFile = argv[++i];
        } else if (arg == "--tls-ca-file" && i + 1 < argc) {
            tls.caFile = argv[++i];
        } else {
            std::cerr << "usage: jollyjet-mongo-test-server --port N [--verbose] [--tls-cert-file F "
                         "--tls-key-file F [--tls-ca-file F]]\n";
            return 2;
        }
    }
    if (tls.certFile.empty() != tls.keyFile.empty()) {
        std::cerr << "jollyjet-mongo-test-server: --tls-cert-file and --tls-key-file go together\n";
        return 2;
    }
    if (port < 0 || port > 65535) {
        std::cerr << "jollyjet-mongo-test-server: bad port " << port << "\n";
        return 2;
    }
    // Block the stop signals before any thread starts, so only sigwait below sees them.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);
    try {
        jollyjet::test::MongoWireServer server(port, verbose, tls);
        std::cerr << "jollyjet-mongo-test-server listening on 127.0.0.1:" << server.port()
                  << (tls.certFile.empty() ? "" : " (TLS)") << std::endl;
        std::cout << "ready" << std::endl;
        int received = 0;
        sigwait(&signals, &received);
        server.stop();
        std::cerr << "jollyjet-mongo-test-server stopped by signal " << received << std::endl;
    } catch (const std::exception& e) {
        std::cerr << "jollyjet-mongo-test-server: " << e.what() << std::endl;
        return 1;
    }
    return 0;
}

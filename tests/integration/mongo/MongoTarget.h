#pragma once

#include <cstdlib>
#include <memory>
#include <random>
#include <string>

#include "MongoWireServer.h"
#include "jollyjet/mongo/ConnectionPool.h"

namespace jollyjet::test {

/// The MongoDB the integration tests talk to: the real server named by MONGODB_URI
/// when it is set, otherwise an in-process wire test server of this suite's own.
/// Collections get a random suffix so runs against a shared real server do not
/// collide; tests drop what they create.
class MongoTarget {
public:
    MongoTarget() {
        if (const char* uri = std::getenv("MONGODB_URI"); uri != nullptr && *uri != '\0') {
            uri_ = uri;
        } else {
            server_ = std::make_unique<MongoWireServer>();
            uri_ = server_->uri("jollyjet_it");
        }
    }

    bool real() const { return server_ == nullptr; }
    const std::string& uri() const { return uri_; }
    MongoWireServer* wireServer() const { return server_.get(); }

    std::unique_ptr<mongo::ConnectionPool> pool(mongo::PoolOptions options = {}) const {
        options.connection.socketTimeout = std::chrono::milliseconds(5000);
        return std::make_unique<mongo::ConnectionPool>(uri_, options);
    }

    static std::string uniqueName(const std::string& base) {
        static std::mt19937_64 random{std::random_device{}()};
        return base + "_" + std::to_string(random() % 1000000000);
    }

private:
    std::string uri_;
    std::unique_ptr<MongoWireServer> server_;
};

} // namespace jollyjet::test

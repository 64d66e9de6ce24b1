#include "RedisTransport.h"

#include "TestCertificates.h"

namespace jollyjet::test {

std::unique_ptr<RedisServer> startRedis(RedisTransport transport, const std::string& extraArgs) {
    if (transport == RedisTransport::Plain) return std::make_unique<RedisServer>(extraArgs);
    const auto& certificates = TestCertificates::shared();
    return std::make_unique<RedisServer>(extraArgs, RedisServerTls{certificates.server().certFile,
                                                                   certificates.server().keyFile,
                                                                   certificates.caFile(), false});
}

redis::RedisOptions clientOptionsFor(const RedisServer& server) {
    redis::RedisOptions options;
    options.applyUrl(server.url());
    if (server.tls()) options.tls.caFile = TestCertificates::shared().caFile();
    return options;
}

} // namespace jollyjet::test

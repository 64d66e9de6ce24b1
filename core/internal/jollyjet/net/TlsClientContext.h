#pragma once

#include "jollyjet/Export.h"

#include <memory>

#include <Poco/Net/Context.h>

#include "jollyjet/net/TlsSettings.h"

namespace jollyjet::net {

/// The OpenSSL client context made once from TlsSettings and shared by every
/// connection to the service (and by copies of the options that made it).
///
/// make() reads and checks the files at once: a missing or unreadable file, a file
/// that is not PEM, or a key that does not belong to the certificate throws
/// std::invalid_argument naming the file and the reason, so a bad setting is found
/// at start or by --check-config rather than at the first connection. Immutable and
/// thread-safe once made.
class JOLLYJET_API TlsClientContext {
public:
    static std::shared_ptr<const TlsClientContext> make(const TlsSettings& settings);

    const TlsSettings& settings() const { return settings_; }
    Poco::Net::Context::Ptr context() const { return context_; }

private:
    TlsClientContext(TlsSettings settings, Poco::Net::Context::Ptr context);

    TlsSettings settings_;
    Poco::Net::Context::Ptr context_;
};

} // namespace jollyjet::net

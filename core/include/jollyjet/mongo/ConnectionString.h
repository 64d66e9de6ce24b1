#pragma once

#include "jollyjet/Export.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "jollyjet/net/TlsSettings.h"

namespace jollyjet::mongo {

/// One `host[:port]` of a connection string (IPv6 literals keep their brackets off).
struct JOLLYJET_API HostPort {
    std::string host;
    std::uint16_t port = 27017;
    std::string toString() const;
    bool operator==(const HostPort&) const = default;
};

/// A parsed `mongodb://[user:pass@]host[:port][,host2...]/db?options` string.
///
/// Understood options: authSource, authMechanism (SCRAM-SHA-256 only), replicaSet,
/// maxPoolSize, connectTimeoutMS, socketTimeoutMS, appName, and TLS as the URI
/// specification names it: tls (or ssl), tlsCAFile, tlsCertificateKeyFile,
/// tlsAllowInvalidHostnames, tlsAllowInvalidCertificates, tlsInsecure (a tls* option
/// implies tls=true; contradicting ones are refused). Other options are kept out of
/// the way (drivers ignore unknown ones too), but options this client cannot honour
/// (another authMechanism, mongodb+srv, an encrypted key's password) are refused, so
/// a deployment that needs them fails at start instead of connecting insecurely.
/// User, password and database are percent-decoded.
struct JOLLYJET_API ConnectionString {
    std::vector<HostPort> hosts;
    std::string username;
    std::string password;
    std::string database = "test"; ///< MongoDB's default when the path is empty
    std::string authSource;        ///< empty: the database, or "admin" when none is given
    std::string replicaSet;
    std::string appName;
    std::optional<std::size_t> maxPoolSize;
    std::optional<std::chrono::milliseconds> connectTimeout;
    std::optional<std::chrono::milliseconds> socketTimeout;
    bool databaseGiven = false;
    net::TlsSettings tls;

    /// Throws std::invalid_argument with a message naming the offending part.
    static ConnectionString parse(std::string_view uri);

    bool hasCredentials() const { return !username.empty(); }
    /// Where the credentials live: authSource, else the URI's database, else "admin".
    std::string authDatabase() const;
    /// The string without the password, for logs and error messages.
    std::string redacted() const;
};

} // namespace jollyjet::mongo

#pragma once

#include "jollyjet/Export.h"

#include <string>

namespace jollyjet::net {

/// How a client speaks TLS to one service (Redis, MongoDB): off, or on with the
/// files that prove who the server is (and, for mutual TLS, who we are).
///
/// Verification is on unless a setting turns it off: the server's chain must lead
/// to `caFile` (the system's trusted CAs when empty) and be within its validity
/// dates, and the certificate must name the host (or `serverName` when set).
struct JOLLYJET_API TlsSettings {
    bool enabled = false;
    std::string caFile;   ///< PEM CA bundle; empty: the system's CAs
    std::string certFile; ///< PEM client certificate (may hold the key too)
    std::string keyFile;  ///< PEM private key; empty: taken from certFile
    /// Name to expect in the certificate (and to send as SNI); empty: the host.
    std::string serverName;
    bool verifyCertificate = true; ///< chain, dates and signature
    bool verifyHostname = true;    ///< the certificate names the host / serverName

    /// What an operator reads in logs: "tls (ca /etc/ca.pem, client certificate)".
    std::string describe() const;
};

} // namespace jollyjet::net

#pragma once

#include <string>

#include "TestEnv.h"

namespace jollyjet::test {

/// Certificates for TLS tests, made by the `openssl` command line in a temporary
/// folder (EC P-256 keys, so making them takes well under a second):
///   - ca: the test CA; server, client, expired and wrongName are signed by it;
///   - server: for 127.0.0.1 and localhost (subjectAltName), valid for ten years;
///   - client: a client certificate (for servers that demand one);
///   - expired: like server, but its validity ended before it began;
///   - wrongName: valid, but only for wrong.example;
///   - otherCa: a second CA that signed none of them (a client trusting only it
///     must refuse every server certificate here).
/// Every pair is a PEM certificate file and an unencrypted PEM key file. Throws
/// std::runtime_error with openssl's output when a step fails.
class TestCertificates {
public:
    struct Pair {
        std::string certFile;
        std::string keyFile;
    };

    TestCertificates();
    /// One set for the whole test program (made on first use).
    static const TestCertificates& shared();

    const std::string& caFile() const { return ca_.certFile; }
    const std::string& otherCaFile() const { return otherCa_.certFile; }
    const Pair& server() const { return server_; }
    const Pair& client() const { return client_; }
    const Pair& expired() const { return expired_; }
    const Pair& wrongName() const { return wrongName_; }
    /// The client certificate and key in one file (MongoDB's tlsCertificateKeyFile form).
    const std::string& clientBundleFile() const { return clientBundle_; }
    const std::string& folder() const { return dir_.path(); }

private:
    Pair selfSigned(const std::string& name, const std::string& subject) const;
    Pair signedByCa(const std::string& name, const std::string& subject,
                    const std::string& altNames, int days) const;

    TempDir dir_;
    Pair ca_, otherCa_, server_, client_, expired_, wrongName_;
    std::string clientBundle_;
};

} // namespace jollyjet::test

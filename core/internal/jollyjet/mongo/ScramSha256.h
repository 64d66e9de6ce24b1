#pragma once

#include "jollyjet/Export.h"

#include <string>

namespace jollyjet::mongo {

/// The client side of one SCRAM-SHA-256 conversation (RFC 5802 / RFC 7677), as
/// MongoDB runs it through saslStart and saslContinue.
///
/// Holds the state between the three messages: clientFirst(), then
/// clientFinal(serverFirst), then verifyServer(serverFinal). The salted password
/// is derived with POCO's PBKDF2Engine over HMAC-SHA-256. A server-first message
/// whose nonce does not extend ours, or with fewer than 4096 iterations, and a
/// server signature that does not verify, raise AuthenticationError: the server
/// has to prove it knows the password too.
///
/// SASLprep is limited to ASCII: control characters are refused, other ASCII passes
/// unchanged (which is what SASLprep does to it), and non-ASCII passes unchanged,
/// which is correct only for passwords already in Unicode NFKC form without
/// mapped spaces; MongoDB's own tools behave the same way.
class JOLLYJET_API ScramSha256 {
public:
    /// `clientNonce` empty: 24 random bytes, base64-encoded.
    ScramSha256(std::string username, std::string password, std::string clientNonce = {});

    /// "n,,n=<user>,r=<nonce>" (',' and '=' in the user name escaped as the RFC says).
    std::string clientFirst() const;
    /// "c=biws,r=<nonce>,p=<proof>" for the server's first message.
    std::string clientFinal(const std::string& serverFirst);
    /// Checks "v=<signature>" (or raises the server's "e=<error>").
    void verifyServer(const std::string& serverFinal) const;

    static std::string saslPrep(const std::string& text);

private:
    std::string username_;
    std::string password_;
    std::string clientNonce_;
    std::string authMessage_;
    std::string serverSignature_;
};

} // namespace jollyjet::mongo

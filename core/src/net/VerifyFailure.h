#pragma once

#include <string>

#include <openssl/x509.h>

namespace jollyjet::net::detail {

/// Why OpenSSL refused the server's certificate in the handshake that just ran on
/// this thread (empty when it did not): the handshake error alone says only
/// "certificate verify failed".
std::string& lastVerifyFailure();

/// The SSL_CTX verify callback: records the first failure and keeps OpenSSL's verdict.
int recordVerifyFailure(int preverifyOk, X509_STORE_CTX* store);

} // namespace jollyjet::net::detail

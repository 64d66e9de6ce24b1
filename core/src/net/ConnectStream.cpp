#include "jollyjet/net/ConnectStream.h"

#include <Poco/Exception.h>
#include <Poco/Net/IPAddress.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/X509Certificate.h>
#include <openssl/x509v3.h>

#include "VerifyFailure.h"
#include "jollyjet/net/TlsClientContext.h"

namespace jollyjet::net {

namespace {

Poco::Timespan span(std::chrono::milliseconds ms) {
    return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(ms.count()) * 1000);
}

bool isAddress(const std::string& name) {
    Poco::Net::IPAddress ignored;
    return Poco::Net::IPAddress::tryParse(name, ignored);
}

bool certificateNames(const Poco::Net::X509Certificate& certificate, const std::string& name) {
    X509* x509 = const_cast<X509*>(certificate.certificate());
    if (isAddress(name)) return X509_check_ip_asc(x509, name.c_str(), 0) == 1;
    return X509_check_host(x509, name.data(), name.size(), 0, nullptr) == 1;
}

std::string handshakeFailure(const std::string& poco) {
    std::string why = "TLS handshake failed: " + poco;
    if (poco.find("wrong version number") != std::string::npos ||
        poco.find("packet length too long") != std::string::npos ||
        poco.find("unexpectedly closed") != std::string::npos ||
        poco.find("unexpected eof") != std::string::npos)
        why += " (is the server speaking TLS on this port?)";
    return why;
}

} // namespace

Poco::Net::StreamSocket connectStream(const std::string& host, std::uint16_t port,
                                      std::chrono::milliseconds connectTimeout,
                                      const TlsClientContext* tls) {
    Poco::Net::StreamSocket plain;
    try {
        plain.connect(Poco::Net::SocketAddress(host, port), span(connectTimeout));
    } catch (const Poco::TimeoutException&) {
        throw ConnectError("connect timed out after " + std::to_string(connectTimeout.count()) +
                           " ms");
    } catch (const Poco::Exception& e) {
        throw ConnectError(e.displayText());
    }
    if (!tls) return plain;

    const TlsSettings& settings = tls->settings();
    const std::string expected = settings.serverName.empty() ? host : settings.serverName;
    detail::lastVerifyFailure().clear();
    try {
        plain.setReceiveTimeout(span(connectTimeout));
        plain.setSendTimeout(span(connectTimeout));
        // SNI carries names only, never addresses.
        Poco::Net::SecureStreamSocket secure =
            isAddress(expected)
                ? Poco::Net::SecureStreamSocket::attach(plain, tls->context())
                : Poco::Net::SecureStreamSocket::attach(plain, expected, tls->context());
        secure.completeHandshake(); // a no-op when attach() completed it
        // A peer that closed or answered garbage can leave the handshake "done"
        // without a certificate; a TLS server always presents one.
        if (!secure.havePeerCertificate())
            throw TlsError(
                "TLS handshake failed: the server presented no certificate (is the server "
                "speaking TLS on this port?)");
        if (settings.verifyCertificate && settings.verifyHostname &&
            !certificateNames(secure.peerCertificate(), expected))
            throw TlsError("server certificate refused: it is not valid for '" + expected +
                           "' (subject " + secure.peerCertificate().subjectName() + ")");
        return secure;
    } catch (const Poco::TimeoutException&) {
        throw TlsError("TLS handshake timed out after " + std::to_string(connectTimeout.count()) +
                       " ms (is the server speaking TLS on this port?)");
    } catch (const Poco::Exception& e) {
        const std::string refused = detail::lastVerifyFailure();
        if (!refused.empty()) throw TlsError("server certificate refused: " + refused);
        throw TlsError(handshakeFailure(e.displayText()));
    }
}

std::string tlsFailureAt(const std::string& host, std::uint16_t port,
                         std::chrono::milliseconds connectTimeout, const TlsClientContext& tls) {
    try {
        Poco::Net::StreamSocket socket = connectStream(host, port, connectTimeout, &tls);
        try {
            socket.close();
        } catch (const Poco::Exception&) {
            // The check is done; a failing close changes nothing.
        }
    } catch (const TlsError& e) {
        return e.what();
    } catch (const ConnectError&) {
    }
    return {};
}

} // namespace jollyjet::net

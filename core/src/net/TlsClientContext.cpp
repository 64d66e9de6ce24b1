#include "jollyjet/net/TlsClientContext.h"

#include <cerrno>
#include <cstring>
#include <memory>
#include <mutex>
#include <stdexcept>

#include <Poco/Exception.h>
#include <Poco/Net/NetSSL.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>

#include "VerifyFailure.h"

namespace jollyjet::net {

namespace {

using Bio = std::unique_ptr<BIO, decltype(&BIO_free)>;

[[noreturn]] void fail(const std::string& what, const std::string& path, const std::string& why) {
    throw std::invalid_argument("TLS " + what + " '" + path + "': " + why);
}

Bio open(const std::string& what, const std::string& path) {
    errno = 0;
    Bio bio(BIO_new_file(path.c_str(), "r"), &BIO_free);
    if (!bio) {
        const int error = errno;
        ERR_clear_error();
        fail(what, path,
             "cannot read it (" + std::string(error ? std::strerror(error) : "unknown error") +
                 ")");
    }
    return bio;
}

void requireCertificates(const std::string& what, const std::string& path) {
    Bio bio = open(what, path);
    int count = 0;
    while (X509* certificate = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
        X509_free(certificate);
        ++count;
    }
    ERR_clear_error();
    if (count == 0) fail(what, path, "holds no PEM certificate");
}

int noPassphrase(char*, int, int, void*) {
    return 0;
}

void requireKey(const std::string& what, const std::string& path) {
    Bio bio = open(what, path);
    EVP_PKEY* key = PEM_read_bio_PrivateKey(bio.get(), nullptr, &noPassphrase, nullptr);
    ERR_clear_error();
    if (!key) fail(what, path, "holds no unencrypted PEM private key");
    EVP_PKEY_free(key);
}

std::string opensslError() {
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0) return "unknown OpenSSL error";
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof buffer);
    return buffer;
}

} // namespace

TlsClientContext::TlsClientContext(TlsSettings settings, Poco::Net::Context::Ptr context)
    : settings_(std::move(settings)), context_(std::move(context)) {}

std::shared_ptr<const TlsClientContext> TlsClientContext::make(const TlsSettings& settings) {
    static std::once_flag initialized;
    std::call_once(initialized, [] { Poco::Net::initializeSSL(); });

    TlsSettings s = settings;
    if (!s.caFile.empty()) requireCertificates("CA file", s.caFile);
    if (!s.keyFile.empty() && s.certFile.empty())
        fail("key file", s.keyFile, "a private key needs its certificate (certFile) too");
    if (!s.certFile.empty()) {
        requireCertificates("certificate file", s.certFile);
        if (s.keyFile.empty()) s.keyFile = s.certFile;
        requireKey(s.keyFile == s.certFile ? "certificate file (for its private key)" : "key file",
                   s.keyFile);
    }

    Poco::Net::Context::Params params;
    params.caLocation = s.caFile;
    params.loadDefaultCAs = s.caFile.empty();
    params.certificateFile = s.certFile;
    params.privateKeyFile = s.keyFile;
    params.verificationMode =
        s.verifyCertificate ? Poco::Net::Context::VERIFY_RELAXED : Poco::Net::Context::VERIFY_NONE;
    params.cipherList = "DEFAULT";
    Poco::Net::Context::Ptr context;
    try {
        context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
    } catch (const Poco::Exception& e) {
        throw std::invalid_argument("TLS settings refused by OpenSSL: " + e.displayText());
    }
    context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
    // The host name is checked by connectStream, for every host including loopback
    // (POCO's own check skips loopback addresses).
    context->enableExtendedCertificateVerification(false);
    SSL_CTX* ssl = context->sslContext();
    SSL_CTX_set_verify(ssl, s.verifyCertificate ? SSL_VERIFY_PEER : SSL_VERIFY_NONE,
                       &detail::recordVerifyFailure);
    if (!s.certFile.empty() && SSL_CTX_check_private_key(ssl) != 1)
        fail("key file", s.keyFile,
             "does not belong to the certificate " + s.certFile + " (" + opensslError() + ")");
    return std::shared_ptr<const TlsClientContext>(new TlsClientContext(std::move(s), context));
}

} // namespace jollyjet::net

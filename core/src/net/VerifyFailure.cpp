#include "VerifyFailure.h"

#include <array>

namespace jollyjet::net::detail {

namespace {
std::string subjectOf(X509* certificate) {
    if (!certificate) return "?";
    std::array<char, 256> buffer{};
    X509_NAME_oneline(X509_get_subject_name(certificate), buffer.data(),
                      static_cast<int>(buffer.size()));
    return buffer.data();
}
} // namespace

std::string& lastVerifyFailure() {
    thread_local std::string failure;
    return failure;
}

int recordVerifyFailure(int preverifyOk, X509_STORE_CTX* store) {
    std::string& failure = lastVerifyFailure();
    if (!preverifyOk && failure.empty()) {
        const int error = X509_STORE_CTX_get_error(store);
        failure = std::string(X509_verify_cert_error_string(error)) + " (certificate " +
                  subjectOf(X509_STORE_CTX_get_current_cert(store)) + ")";
    }
    return preverifyOk;
}

} // namespace jollyjet::net::detail

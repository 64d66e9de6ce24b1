#include "jollyjet/net/TlsSettings.h"

namespace jollyjet::net {

std::string TlsSettings::describe() const {
    if (!enabled) return "plaintext";
    std::string out = "tls (ca " + (caFile.empty() ? std::string("system store") : caFile);
    if (!certFile.empty()) out += ", client certificate " + certFile;
    if (!serverName.empty()) out += ", server name " + serverName;
    if (!verifyCertificate)
        out += ", CERTIFICATE NOT VERIFIED";
    else if (!verifyHostname)
        out += ", HOST NAME NOT VERIFIED";
    return out + ")";
}

} // namespace jollyjet::net

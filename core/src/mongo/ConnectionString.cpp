#include "jollyjet/mongo/ConnectionString.h"

#include <charconv>
#include <stdexcept>

#include <Poco/String.h>

namespace jollyjet::mongo {

namespace {

[[noreturn]] void fail(const std::string& why) { throw std::invalid_argument("MongoDB connection string: " + why); }

std::string percentDecode(std::string_view text, const char* what) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out.push_back(text[i]);
            continue;
        }
        int value = 0;
        if (i + 2 >= text.size()) fail(std::string("bad percent escape in ") + what);
        const auto [ptr, ec] = std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16);
        if (ec != std::errc() || ptr != text.data() + i + 3) fail(std::string("bad percent escape in ") + what);
        out.push_back(static_cast<char>(value));
        i += 2;
    }
    return out;
}

long long toNumber(std::string_view text, const std::string& name, long long min, long long max) {
    long long value = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || ptr != text.data() + text.size() || value < min || value > max)
        fail("option " + name + " wants a number from " + std::to_string(min) + " to " + std::to_string(max) +
             ", got '" + std::string(text) + "'");
    return value;
}

HostPort parseHost(std::string_view text) {
    if (text.empty()) fail("empty host");
    HostPort hp;
    std::string_view port;
    if (text.front() == '[') {
        const auto close = text.find(']');
        if (close == std::string_view::npos) fail("unterminated IPv6 address '" + std::string(text) + "'");
        hp.host = std::string(text.substr(1, close - 1));
        const auto rest = text.substr(close + 1);
        if (!rest.empty()) {
            if (rest.front() != ':') fail("bad host '" + std::string(text) + "'");
            port = rest.substr(1);
        }
    } else {
        const auto colon = text.find(':');
        hp.host = std::string(text.substr(0, colon));
        if (colon != std::string_view::npos) port = text.substr(colon + 1);
    }
    if (hp.host.empty()) fail("empty host in '" + std::string(text) + "'");
    if (!port.empty() || text.back() == ':')
        hp.port = static_cast<std::uint16_t>(toNumber(port, "port of " + hp.host, 1, 65535));
    hp.host = Poco::toLower(hp.host);
    return hp;
}

bool toBool(const std::string& name, const std::string& value) {
    if (value == "true") return true;
    if (value == "false") return false;
    fail("option " + name + " wants true or false, got '" + value + "'");
}

/// The URI spec's TLS options, gathered before they are checked against each other.
struct TlsOptions {
    std::optional<bool> tls; ///< tls= or ssl=
    bool anyOther = false;   ///< some tls* option besides tls itself
    std::optional<bool> insecure, invalidHostnames, invalidCertificates;
    std::string caFile, certificateKeyFile;

    bool take(const std::string& name, const std::string& value) {
        if (name == "tls" || name == "ssl") {
            const bool on = toBool(name, value);
            if (tls && *tls != on) fail("tls and ssl disagree");
            tls = on;
        } else if (name == "tlscafile") caFile = value;
        else if (name == "tlscertificatekeyfile") certificateKeyFile = value;
        else if (name == "tlsinsecure") insecure = toBool("tlsInsecure", value);
        else if (name == "tlsallowinvalidhostnames") invalidHostnames = toBool("tlsAllowInvalidHostnames", value);
        else if (name == "tlsallowinvalidcertificates")
            invalidCertificates = toBool("tlsAllowInvalidCertificates", value);
        else if (name == "tlscertificatekeyfilepassword")
            fail("tlsCertificateKeyFilePassword is not supported; use an unencrypted key file");
        else return false;
        if (name != "tls" && name != "ssl") anyOther = true;
        return true;
    }

    net::TlsSettings settings() const {
        if (insecure && (invalidHostnames || invalidCertificates))
            fail("tlsInsecure cannot be combined with tlsAllowInvalidHostnames or tlsAllowInvalidCertificates");
        if (tls && !*tls && anyOther) fail("tls=false contradicts the other tls options");
        net::TlsSettings s;
        s.enabled = tls.value_or(anyOther);
        s.caFile = caFile;
        s.certFile = certificateKeyFile;
        const bool skipAll = insecure.value_or(false);
        s.verifyCertificate = !(skipAll || invalidCertificates.value_or(false));
        s.verifyHostname = !(skipAll || invalidHostnames.value_or(false));
        return s;
    }
};

} // namespace

std::string HostPort::toString() const {
    const bool v6 = host.find(':') != std::string::npos;
    return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

ConnectionString ConnectionString::parse(std::string_view uri) {
    static constexpr std::string_view scheme = "mongodb://";
    if (uri.substr(0, 14) == "mongodb+srv://") fail("mongodb+srv:// (DNS seed lists) is not supported; list the hosts");
    if (uri.substr(0, scheme.size()) != scheme) fail("must start with mongodb://");
    ConnectionString cs;
    std::string_view rest = uri.substr(scheme.size());

    const auto slash = rest.find('/');
    const auto question = rest.find('?');
    const auto authorityEnd = std::min(slash, question);
    std::string_view authority = rest.substr(0, authorityEnd);
    std::string_view path;
    std::string_view query;
    if (authorityEnd != std::string_view::npos) {
        std::string_view tail = rest.substr(authorityEnd);
        if (tail.front() == '/') tail.remove_prefix(1);
        const auto q = tail.find('?');
        path = tail.substr(0, q);
        if (q != std::string_view::npos) query = tail.substr(q + 1);
    }

    const auto at = authority.rfind('@');
    if (at != std::string_view::npos) {
        const std::string_view userinfo = authority.substr(0, at);
        authority = authority.substr(at + 1);
        const auto colon = userinfo.find(':');
        cs.username = percentDecode(userinfo.substr(0, colon), "user name");
        if (colon != std::string_view::npos) cs.password = percentDecode(userinfo.substr(colon + 1), "password");
        if (cs.username.empty()) fail("empty user name before '@'");
    }
    if (authority.empty()) fail("no host");
    while (!authority.empty()) {
        const auto comma = authority.find(',');
        cs.hosts.push_back(parseHost(authority.substr(0, comma)));
        if (comma == std::string_view::npos) break;
        authority.remove_prefix(comma + 1);
        if (authority.empty()) fail("trailing ',' after the hosts");
    }
    if (!path.empty()) {
        cs.database = percentDecode(path, "database name");
        cs.databaseGiven = true;
        if (cs.database.find_first_of("/\\. \"$") != std::string::npos)
            fail("database name '" + cs.database + "' contains a character MongoDB does not allow");
    }

    TlsOptions tls;
    while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
        if (pair.empty()) continue;
        const auto eq = pair.find('=');
        if (eq == std::string_view::npos) fail("option '" + std::string(pair) + "' has no value");
        const std::string name = Poco::toLower(std::string(pair.substr(0, eq)));
        const std::string value = percentDecode(pair.substr(eq + 1), "an option value");
        if (name == "authsource") cs.authSource = value;
        else if (name == "replicaset") cs.replicaSet = value;
        else if (name == "appname") cs.appName = value;
        else if (name == "maxpoolsize") cs.maxPoolSize = static_cast<std::size_t>(toNumber(value, "maxPoolSize", 1, 100000));
        else if (name == "connecttimeoutms")
            cs.connectTimeout = std::chrono::milliseconds(toNumber(value, "connectTimeoutMS", 1, 3'600'000));
        else if (name == "sockettimeoutms")
            cs.socketTimeout = std::chrono::milliseconds(toNumber(value, "socketTimeoutMS", 1, 3'600'000));
        else if (name == "authmechanism") {
            if (value != "SCRAM-SHA-256") fail("authMechanism " + value + " is not supported (only SCRAM-SHA-256)");
        } else if (!tls.take(name, value)) {
            // Anything else (w, retryWrites, directConnection, ...) does not change
            // what this client sends, so it is accepted and ignored, as drivers do.
        }
    }
    cs.tls = tls.settings();
    return cs;
}

std::string ConnectionString::authDatabase() const {
    if (!authSource.empty()) return authSource;
    return databaseGiven ? database : "admin";
}

std::string ConnectionString::redacted() const {
    std::string out = "mongodb://";
    if (hasCredentials()) out += username + ":***@";
    for (std::size_t i = 0; i < hosts.size(); ++i) out += (i ? "," : "") + hosts[i].toString();
    out += "/" + database;
    if (tls.enabled) out += "?tls=true";
    return out;
}

} // namespace jollyjet::mongo

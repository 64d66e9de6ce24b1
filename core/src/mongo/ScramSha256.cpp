#include "jollyjet/mongo/ScramSha256.h"

#include <map>
#include <random>

#include <Poco/HMACEngine.h>
#include <Poco/PBKDF2Engine.h>

#include "Base64.h"
#include "Sha256Engine.h"
#include "jollyjet/mongo/Errors.h"

namespace jollyjet::mongo {

namespace {

using Bytes = std::string;

Bytes toBytes(const Poco::DigestEngine::Digest& digest) { return Bytes(digest.begin(), digest.end()); }

Bytes hmac(const Bytes& key, const std::string& message) {
    Poco::HMACEngine<Sha256Engine> engine(key.data(), key.size());
    engine.update(message);
    return toBytes(engine.digest());
}

Bytes sha256(const Bytes& data) {
    Sha256Engine engine;
    engine.update(data);
    return toBytes(engine.digest());
}

Bytes xorBytes(const Bytes& a, const Bytes& b) {
    Bytes out(a.size(), '\0');
    for (std::size_t i = 0; i < a.size(); ++i) out[i] = static_cast<char>(a[i] ^ b[i]);
    return out;
}

std::string randomNonce() {
    std::random_device device;
    std::string bytes(24, '\0');
    for (auto& b : bytes) b = static_cast<char>(device() & 0xFF);
    return base64Encode(bytes);
}

std::string escapeName(const std::string& name) {
    std::string out;
    for (char c : name) {
        if (c == ',') out += "=2C";
        else if (c == '=') out += "=3D";
        else out.push_back(c);
    }
    return out;
}

// "a=1,b=2" -> {a: 1, b: 2}; values may contain '=' (base64), never ','.
std::map<char, std::string> attributes(const std::string& message) {
    std::map<char, std::string> out;
    std::size_t pos = 0;
    while (pos < message.size()) {
        const std::size_t comma = message.find(',', pos);
        const std::string part = message.substr(pos, comma - pos);
        if (part.size() >= 2 && part[1] == '=') out.emplace(part[0], part.substr(2));
        if (comma == std::string::npos) break;
        pos = comma + 1;
    }
    return out;
}

bool equalConstantTime(const std::string& a, const std::string& b) {
    if (a.size() != b.size()) return false;
    unsigned char diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

} // namespace

ScramSha256::ScramSha256(std::string username, std::string password, std::string clientNonce)
    : username_(saslPrep(username)), password_(saslPrep(password)),
      clientNonce_(clientNonce.empty() ? randomNonce() : std::move(clientNonce)) {}

std::string ScramSha256::saslPrep(const std::string& text) {
    for (unsigned char c : text) {
        if (c < 0x20 || c == 0x7F) throw AuthenticationError("user names and passwords must not contain control characters");
    }
    return text;
}

std::string ScramSha256::clientFirst() const { return "n,,n=" + escapeName(username_) + ",r=" + clientNonce_; }

std::string ScramSha256::clientFinal(const std::string& serverFirst) {
    auto attrs = attributes(serverFirst);
    if (attrs.count('m')) throw AuthenticationError("SCRAM server requires an extension this client lacks");
    const std::string& nonce = attrs['r'];
    if (nonce.size() <= clientNonce_.size() || nonce.compare(0, clientNonce_.size(), clientNonce_) != 0)
        throw AuthenticationError("SCRAM server nonce does not extend the client nonce");
    const auto salt = base64Decode(attrs['s']);
    if (!salt || salt->empty()) throw AuthenticationError("SCRAM server sent no valid salt");
    int iterations = 0;
    try {
        iterations = std::stoi(attrs['i']);
    } catch (const std::exception&) {
        throw AuthenticationError("SCRAM server sent no valid iteration count");
    }
    if (iterations < 4096) throw AuthenticationError("SCRAM iteration count below 4096 refused");

    Poco::PBKDF2Engine<Poco::HMACEngine<Sha256Engine>> pbkdf2(*salt, static_cast<unsigned>(iterations), 32);
    pbkdf2.update(password_);
    const Bytes saltedPassword = toBytes(pbkdf2.digest());
    const Bytes clientKey = hmac(saltedPassword, "Client Key");
    const Bytes storedKey = sha256(clientKey);
    const std::string withoutProof = "c=biws,r=" + nonce;
    authMessage_ = clientFirst().substr(3) + "," + serverFirst + "," + withoutProof;
    const Bytes clientSignature = hmac(storedKey, authMessage_);
    const Bytes serverKey = hmac(saltedPassword, "Server Key");
    serverSignature_ = base64Encode(hmac(serverKey, authMessage_));
    return withoutProof + ",p=" + base64Encode(xorBytes(clientKey, clientSignature));
}

void ScramSha256::verifyServer(const std::string& serverFinal) const {
    auto attrs = attributes(serverFinal);
    if (attrs.count('e')) throw AuthenticationError("SCRAM server error: " + attrs['e']);
    if (serverSignature_.empty()) throw AuthenticationError("SCRAM server-final before client-final");
    if (!equalConstantTime(attrs['v'], serverSignature_))
        throw AuthenticationError("SCRAM server signature does not verify: the server does not know the password");
}

} // namespace jollyjet::mongo

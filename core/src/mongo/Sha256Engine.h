#pragma once

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

namespace jollyjet::mongo {

/// SHA-256 with the BLOCK_SIZE and DIGEST_SIZE constants POCO's HMACEngine and
/// PBKDF2Engine expect, which POCO 1.11's SHA2Engine lacks (it serves all SHA-2 sizes).
class Sha256Engine : public Poco::DigestEngine {
public:
    enum { BLOCK_SIZE = 64, DIGEST_SIZE = 32 };

    Sha256Engine() : inner_(Poco::SHA2Engine::SHA_256) {}
    std::size_t digestLength() const override { return DIGEST_SIZE; }
    void reset() override { inner_.reset(); }
    const Digest& digest() override { return inner_.digest(); }

protected:
    void updateImpl(const void* data, std::size_t length) override { inner_.update(data, length); }

private:
    Poco::SHA2Engine inner_;
};

} // namespace jollyjet::mongo

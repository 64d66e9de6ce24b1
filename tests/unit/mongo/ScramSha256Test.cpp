#include <gtest/gtest.h>

#include "jollyjet/mongo/Errors.h"
#include "jollyjet/mongo/ScramSha256.h"

using jollyjet::mongo::AuthenticationError;
using jollyjet::mongo::ScramSha256;

// RFC 7677, section 3: user "user", password "pencil".
namespace {
const std::string kClientNonce = "rOprNGfwEbeRWgbNEkqO";
const std::string kServerFirst =
    "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
const std::string kClientFinal =
    "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
const std::string kServerFinal = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";
} // namespace

TEST(MongoScramSha256, Rfc7677TestVector) {
    ScramSha256 scram("user", "pencil", kClientNonce);
    EXPECT_EQ(scram.clientFirst(), "n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
    EXPECT_EQ(scram.clientFinal(kServerFirst), kClientFinal);
    EXPECT_NO_THROW(scram.verifyServer(kServerFinal));
}

TEST(MongoScramSha256, WrongPasswordGivesAnotherProofAndRejectsTheServer) {
    ScramSha256 scram("user", "pencil2", kClientNonce);
    EXPECT_NE(scram.clientFinal(kServerFirst), kClientFinal);
    EXPECT_THROW(scram.verifyServer(kServerFinal), AuthenticationError);
}

TEST(MongoScramSha256, RefusesABadServerFirstMessage) {
    ScramSha256 a("user", "pencil", kClientNonce);
    EXPECT_THROW(a.clientFinal("r=someoneElsesNonce,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"), AuthenticationError);
    ScramSha256 b("user", "pencil", kClientNonce);
    EXPECT_THROW(b.clientFinal("r=rOprNGfwEbeRWgbNEkqOxyz,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=1000"), AuthenticationError);
    ScramSha256 c("user", "pencil", kClientNonce);
    EXPECT_THROW(c.clientFinal("r=rOprNGfwEbeRWgbNEkqOxyz,s=!!!,i=4096"), AuthenticationError);
    ScramSha256 d("user", "pencil", kClientNonce);
    EXPECT_THROW(d.verifyServer("e=invalid-proof"), AuthenticationError);
}

TEST(MongoScramSha256, EscapesUserNamesAndGeneratesNonces) {
    ScramSha256 scram("a,b=c", "x");
    const std::string first = scram.clientFirst();
    EXPECT_EQ(first.rfind("n,,n=a=2Cb=3Dc,r=", 0), 0u) << first;
    EXPECT_GE(first.size(), std::string("n,,n=a=2Cb=3Dc,r=").size() + 32);
    EXPECT_NE(ScramSha256("u", "p").clientFirst(), ScramSha256("u", "p").clientFirst());
    EXPECT_THROW(ScramSha256("u", std::string("p\x01")), AuthenticationError);
}

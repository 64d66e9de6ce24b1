#include <gtest/gtest.h>

#include "jollyjet/mongo/Errors.h"
#include "jollyjet/mongo/Reply.h"

using namespace jollyjet::mongo;

TEST(MongoReply, OkRepliesPass) {
    Document ok;
    ok.add("n", 1).add("ok", 1.0);
    EXPECT_NO_THROW(throwIfError(ok));
    Document okInt;
    okInt.add("ok", 1);
    EXPECT_NO_THROW(throwIfError(okInt));
}

TEST(MongoReply, OkZeroBecomesCommandErrorWithTheServersFields) {
    Document reply;
    reply.add("ok", 0.0).add("errmsg", std::string("no such command: 'nope'")).add("code", 59).add(
        "codeName", std::string("CommandNotFound"));
    try {
        throwIfError(reply);
        FAIL() << "no exception";
    } catch (const DuplicateKeyError&) {
        FAIL() << "not a duplicate key";
    } catch (const CommandError& e) {
        EXPECT_EQ(e.code(), 59);
        EXPECT_EQ(e.codeName(), "CommandNotFound");
        EXPECT_EQ(e.errmsg(), "no such command: 'nope'");
        EXPECT_NE(std::string(e.what()).find("59"), std::string::npos);
    }
}

TEST(MongoReply, DuplicateKeyIsItsOwnType) {
    Document reply;
    reply.add("ok", 0.0).add("errmsg", std::string("E11000 duplicate key")).add("code", 11000).add(
        "codeName", std::string("DuplicateKey"));
    EXPECT_THROW(throwIfError(reply), DuplicateKeyError);
}

TEST(MongoReply, WriteErrorsInAnOkReplyRaise) {
    Document::Ptr error = makeDocument();
    error->add("index", 0).add("code", 11000).add("errmsg", std::string("E11000 duplicate key error collection: t.c"));
    Document reply;
    reply.add("n", 0).add("writeErrors", makeArray({error})).add("ok", 1.0);
    try {
        throwIfError(reply);
        FAIL() << "no exception";
    } catch (const DuplicateKeyError& e) {
        EXPECT_EQ(e.code(), 11000);
        EXPECT_EQ(e.codeName(), "DuplicateKey");
        EXPECT_NE(e.errmsg().find("E11000"), std::string::npos);
    }
}

TEST(MongoReply, WriteConcernErrorRaises) {
    Document::Ptr concern = makeDocument();
    concern->add("code", 64).add("codeName", std::string("WriteConcernFailed")).add("errmsg", std::string("timeout"));
    Document reply;
    reply.add("n", 1).add("writeConcernError", concern).add("ok", 1.0);
    try {
        throwIfError(reply);
        FAIL() << "no exception";
    } catch (const CommandError& e) {
        EXPECT_EQ(e.code(), 64);
    }
}

TEST(MongoReply, ErrorTypesShareOneBase) {
    EXPECT_THROW(throw NetworkError("down", true), MongoError);
    EXPECT_THROW(throw DuplicateKeyError(11000, "DuplicateKey", "dup"), CommandError);
    EXPECT_TRUE(NetworkError("x", true).timedOut());
    EXPECT_FALSE(NetworkError("x").timedOut());
}

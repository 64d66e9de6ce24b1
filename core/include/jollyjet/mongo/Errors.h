#pragma once

#include "jollyjet/Export.h"

#include <stdexcept>
#include <string>

namespace jollyjet::mongo {

/// Base of every error the MongoDB client raises, so a caller can catch them all.
///
/// The subtypes tell a caller what to do: NetworkError means "the database is not
/// reachable right now" (answer 503, retry later); CommandError means the server
/// refused the command (a bug or bad input; DuplicateKeyError is the one a store
/// turns into 409); ProtocolError means the reply made no sense.
class JOLLYJET_API MongoError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
    ~MongoError() override;
};

/// The server could not be reached, the connection broke, or a reply did not arrive
/// within the socket timeout, or no pooled connection became free within the borrow
/// wait. The connection it happened on is discarded; a later call may succeed.
class JOLLYJET_API NetworkError : public MongoError {
public:
    NetworkError(const std::string& message, bool timedOut = false)
        : MongoError(message), timedOut_(timedOut) {}
    ~NetworkError() override;
    /// True when the error is a timeout (connect, reply or borrow), false for a refused
    /// or reset connection.
    bool timedOut() const noexcept { return timedOut_; }

private:
    bool timedOut_;
};

/// A reply that breaks the wire protocol (bad framing, wrong responseTo, BSON that
/// cannot be read). The connection is discarded, as its stream position is unknown.
class JOLLYJET_API ProtocolError : public MongoError {
public:
    using MongoError::MongoError;
    ~ProtocolError() override;
};

/// The server answered `ok: 0`, or a write reported `writeErrors` or a
/// `writeConcernError`. Carries the server's code, codeName and errmsg unchanged.
class JOLLYJET_API CommandError : public MongoError {
public:
    CommandError(int code, std::string codeName, std::string errmsg);
    ~CommandError() override;
    int code() const noexcept { return code_; }
    const std::string& codeName() const noexcept { return codeName_; }
    const std::string& errmsg() const noexcept { return errmsg_; }

private:
    int code_;
    std::string codeName_;
    std::string errmsg_;
};

/// Code 11000 (or the legacy 11001): a unique index, _id included, already holds the key.
class JOLLYJET_API DuplicateKeyError : public CommandError {
public:
    using CommandError::CommandError;
    ~DuplicateKeyError() override;
};

/// SCRAM authentication failed: wrong credentials (the server's code 18), or the
/// server's own proof did not verify (a server that does not know the password).
class JOLLYJET_API AuthenticationError : public MongoError {
public:
    using MongoError::MongoError;
    ~AuthenticationError() override;
};

} // namespace jollyjet::mongo

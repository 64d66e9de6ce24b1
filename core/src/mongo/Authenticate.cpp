#include <Poco/MongoDB/Binary.h>

#include "jollyjet/mongo/Connection.h"
#include "jollyjet/mongo/Errors.h"
#include "jollyjet/mongo/ScramSha256.h"

namespace jollyjet::mongo {

namespace {

Poco::MongoDB::Binary::Ptr payloadOf(const std::string& text) { return new Poco::MongoDB::Binary(text, 0); }

std::string payloadText(const Document& reply) {
    const auto binary = reply.get<Poco::MongoDB::Binary::Ptr>("payload", nullptr);
    if (binary.isNull()) throw AuthenticationError("SCRAM reply without a payload");
    return binary->toRawString();
}

} // namespace

void Connection::authenticate(const std::string& username, const std::string& password, const std::string& database) {
    ScramSha256 scram(username, password);
    try {
        Document start;
        start.add("saslStart", 1);
        start.add("mechanism", std::string("SCRAM-SHA-256"));
        start.add("payload", payloadOf(scram.clientFirst()));
        start.add("autoAuthorize", 1);
        start.addNewDocument("options").add("skipEmptyExchange", true);
        Document::Ptr reply = runCommand(database, start);
        const Element::Ptr conversationId = reply->get("conversationId");
        if (conversationId.isNull()) throw AuthenticationError("SCRAM reply without a conversationId");

        Document next;
        next.add("saslContinue", 1);
        next.addElement(conversationId);
        next.add("payload", payloadOf(scram.clientFinal(payloadText(*reply))));
        reply = runCommand(database, next);
        scram.verifyServer(payloadText(*reply));
        // Servers without skipEmptyExchange want one more, empty, round.
        if (!reply->get<bool>("done", false)) {
            Document last;
            last.add("saslContinue", 1);
            last.addElement(conversationId);
            last.add("payload", payloadOf(""));
            reply = runCommand(database, last);
            if (!reply->get<bool>("done", false)) throw AuthenticationError("SCRAM conversation did not finish");
        }
    } catch (const CommandError& e) {
        throw AuthenticationError("authentication of '" + username + "' on " + database + " failed: " + e.errmsg());
    }
}

} // namespace jollyjet::mongo

#include "jollyjet/mongo/Connection.h"

#include <atomic>

#include <Poco/Net/NetException.h>
#include <Poco/Net/StreamSocket.h>

#include "jollyjet/mongo/Errors.h"
#include "jollyjet/net/ConnectStream.h"
#include "jollyjet/mongo/Reply.h"
#include "jollyjet/mongo/WireIO.h"

namespace jollyjet::mongo {

namespace {

std::int32_t nextRequestId() {
    static std::atomic<std::int32_t> counter{1};
    std::int32_t id = counter.fetch_add(1);
    // Stay positive after wrap-around: some servers log negative ids oddly.
    if (id <= 0) {
        counter = 1;
        id = counter.fetch_add(1);
    }
    return id;
}

Poco::Timespan toTimespan(std::chrono::milliseconds ms) {
    return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(ms.count()) * 1000);
}

} // namespace

Connection::Connection(HostPort address, const ConnectionOptions& options)
    : address_(std::move(address)), options_(options), socket_(std::make_unique<Poco::Net::StreamSocket>()) {
    try {
        *socket_ = net::connectStream(address_.host, address_.port, options_.connectTimeout, options_.tls.get());
        socket_->setNoDelay(true);
        socket_->setReceiveTimeout(toTimespan(options_.socketTimeout));
        socket_->setSendTimeout(toTimespan(options_.socketTimeout));
    } catch (const net::ConnectError& e) {
        const bool timedOut = std::string(e.what()).find("timed out") != std::string::npos;
        throw NetworkError("cannot connect to MongoDB at " + address_.toString() + ": " + e.what(), timedOut);
    } catch (const net::TlsError& e) {
        throw NetworkError("cannot connect to MongoDB at " + address_.toString() + ": " + e.what());
    } catch (const Poco::Exception& e) {
        throw NetworkError("cannot connect to MongoDB at " + address_.toString() + ": " + e.displayText());
    }
    handshake(options_.appName);
}

Connection::~Connection() {
    try {
        socket_->close();
    } catch (...) {
        // Closing a socket the peer already reset is not worth reporting.
    }
}

void Connection::handshake(const std::string& appName) {
    Document hello;
    hello.add("hello", 1);
    Document::Ptr client = makeDocument();
    if (!appName.empty()) client->addNewDocument("application").add("name", appName);
    client->addNewDocument("driver").add("name", std::string("jollyjet-poco")).add("version", std::string("0.1.0"));
    client->addNewDocument("os").add("type", std::string("Linux"));
    client->add("platform", std::string("C++20, POCO 1.11"));
    hello.add("client", client);
    const Document::Ptr reply = runCommand("admin", hello);
    server_.writablePrimary = reply->get<bool>("isWritablePrimary", reply->get<bool>("ismaster", false));
    server_.setName = stringField(*reply, "setName");
    server_.primary = stringField(*reply, "primary");
    server_.maxWireVersion = static_cast<std::int32_t>(integerField(*reply, "maxWireVersion", 0));
    server_.maxBsonObjectSize = static_cast<std::int32_t>(integerField(*reply, "maxBsonObjectSize", server_.maxBsonObjectSize));
    server_.maxMessageSizeBytes =
        static_cast<std::int32_t>(integerField(*reply, "maxMessageSizeBytes", server_.maxMessageSizeBytes));
    server_.maxWriteBatchSize = static_cast<std::int32_t>(integerField(*reply, "maxWriteBatchSize", server_.maxWriteBatchSize));
    if (server_.maxWireVersion < 6) {
        broken_ = true;
        throw ProtocolError("MongoDB at " + address_.toString() + " has wire version " +
                            std::to_string(server_.maxWireVersion) + "; OP_MSG needs 6 (MongoDB 3.6) or later");
    }
}

OpMsg Connection::roundTrip(const OpMsg& request) {
    if (broken_) throw NetworkError("connection to " + address_.toString() + " is broken");
    const std::int32_t requestId = nextRequestId();
    try {
        sendMessage(*socket_, request.encode(requestId, 0));
        RawMessage raw;
        if (!receiveMessage(*socket_, raw)) throw NetworkError("MongoDB at " + address_.toString() + " closed the connection");
        if (raw.header.opCode != static_cast<std::int32_t>(OpCode::Msg))
            throw ProtocolError("MongoDB answered with opcode " + std::to_string(raw.header.opCode) + ", not OP_MSG");
        if (raw.header.responseTo != requestId)
            throw ProtocolError("MongoDB reply answers request " + std::to_string(raw.header.responseTo) + ", not " +
                                std::to_string(requestId));
        OpMsg reply = OpMsg::decode(raw.payload);
        if (reply.flagBits & msgflags::MoreToCome)
            throw ProtocolError("MongoDB set moreToCome on a reply this client did not allow");
        return reply;
    } catch (const NetworkError& e) {
        broken_ = true;
        throw NetworkError("MongoDB at " + address_.toString() + ": " + e.what(), e.timedOut());
    } catch (const ProtocolError&) {
        broken_ = true;
        throw;
    }
}

Document::Ptr Connection::runCommand(const std::string& database, const Document& command,
                                     const std::vector<DocumentSequence>& sequences) {
    OpMsg request;
    request.body = makeDocument();
    for (const auto& element : elementsOf(command)) request.body->addElement(element);
    request.body->add("$db", database);
    request.sequences = sequences;
    Document::Ptr reply = roundTrip(request).mergedBody();
    throwIfError(*reply);
    return reply;
}

bool Connection::idleAndAlive() const {
    if (broken_) return false;
    try {
        // An idle connection has nothing to read; readable means EOF, a reset, or
        // stray bytes, and the connection is useless in every one of those cases.
        return !socket_->poll(Poco::Timespan(0), Poco::Net::Socket::SELECT_READ | Poco::Net::Socket::SELECT_ERROR);
    } catch (const Poco::Exception&) {
        return false;
    }
}

} // namespace jollyjet::mongo

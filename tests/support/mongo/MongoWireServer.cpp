#include "MongoWireServer.h"

#include <chrono>
#include <cstring>
#include <iostream>

#include <sys/socket.h>

#include <Poco/Net/Context.h>
#include <Poco/Net/NetSSL.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/StreamSocket.h>

#include "jollyjet/mongo/Errors.h"
#include "jollyjet/mongo/OpMsg.h"
#include "jollyjet/mongo/WireIO.h"

namespace jollyjet::test {

using mongo::Document;
using mongo::MessageHeader;
using mongo::OpCode;
using mongo::OpMsg;
using mongo::RawMessage;

struct MongoWireServer::Session {
    Poco::Net::StreamSocket socket;
    std::int32_t id = 0;
    std::atomic<bool> done{false};
    std::thread thread;
};

namespace {

std::atomic<std::int32_t> replyIds{1};

void appendInt32(std::string& out, std::int32_t value) {
    const auto v = static_cast<std::uint32_t>(value);
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

// OP_REPLY: header, responseFlags, cursorID, startingFrom, numberReturned, documents.
std::string opReply(const Document& document, std::int32_t responseTo, std::int32_t flags) {
    const std::string body = mongo::encode(document);
    std::string out;
    MessageHeader header{static_cast<std::int32_t>(16 + 20 + body.size()), replyIds.fetch_add(1), responseTo,
                         static_cast<std::int32_t>(OpCode::Reply)};
    header.appendTo(out);
    appendInt32(out, flags);
    appendInt32(out, 0);
    appendInt32(out, 0); // cursorID (int64) = 0
    appendInt32(out, 0);
    appendInt32(out, 1);
    return out + body;
}

std::string databaseOf(const Document& body) { return body.get<std::string>("$db", ""); }

// Peeks at the descriptor itself: over TLS, available() counts decrypted bytes only,
// so it cannot tell a closed connection from a record still to be decrypted.
bool peerClosed(Poco::Net::StreamSocket& socket) {
    char byte = 0;
    return ::recv(socket.impl()->sockfd(), &byte, 1, MSG_PEEK | MSG_DONTWAIT) == 0;
}

Poco::Net::ServerSocket makeListener(const MongoWireTls& tls) {
    if (tls.certFile.empty()) return Poco::Net::ServerSocket();
    Poco::Net::initializeSSL();
    Poco::Net::Context::Params params;
    params.certificateFile = tls.certFile;
    params.privateKeyFile = tls.keyFile;
    params.caLocation = tls.caFile;
    params.verificationMode = tls.caFile.empty() ? Poco::Net::Context::VERIFY_NONE : Poco::Net::Context::VERIFY_RELAXED;
    params.cipherList = "DEFAULT";
    Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, params);
    context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
    return Poco::Net::SecureServerSocket(context);
}

} // namespace

MongoWireServer::MongoWireServer(int port, bool verbose, const MongoWireTls& tls)
    : port_(port), verbose_(verbose), listener_(makeListener(tls)) {
    Poco::Net::SocketAddress address("127.0.0.1", static_cast<Poco::UInt16>(port));
    // SO_REUSEADDR so a restarted server can take the port its predecessor held.
    listener_.bind(address, true);
    listener_.listen(64);
    port_ = listener_.address().port();
    acceptor_ = std::thread([this] { acceptLoop(); });
}

MongoWireServer::~MongoWireServer() { stop(); }

std::string MongoWireServer::uri(const std::string& db) const {
    return "mongodb://127.0.0.1:" + std::to_string(port_) + "/" + db;
}

std::size_t MongoWireServer::connectionCount() const {
    std::lock_guard lock(mutex_);
    std::size_t n = 0;
    for (const auto& s : sessions_) n += s->done ? 0 : 1;
    return n;
}

void MongoWireServer::stop() {
    if (stopping_.exchange(true)) return;
    if (acceptor_.joinable()) acceptor_.join();
    try {
        listener_.close();
    } catch (...) {
    }
    std::list<std::unique_ptr<Session>> sessions;
    {
        std::lock_guard lock(mutex_);
        sessions.swap(sessions_);
    }
    for (auto& s : sessions) {
        try {
            // Wakes the session thread blocked in recv. On the descriptor itself: a
            // TLS shutdown would write to the TLS state that thread is using.
            ::shutdown(s->socket.impl()->sockfd(), SHUT_RDWR);
        } catch (...) {
        }
    }
    for (auto& s : sessions)
        if (s->thread.joinable()) s->thread.join();
}

void MongoWireServer::reapFinished() {
    std::list<std::unique_ptr<Session>> finished;
    {
        std::lock_guard lock(mutex_);
        for (auto it = sessions_.begin(); it != sessions_.end();) {
            if ((*it)->done) {
                finished.push_back(std::move(*it));
                it = sessions_.erase(it);
            } else {
                ++it;
            }
        }
    }
    for (auto& s : finished) s->thread.join();
}

void MongoWireServer::acceptLoop() {
    while (!stopping_) {
        try {
            if (!listener_.poll(Poco::Timespan(0, 100000), Poco::Net::Socket::SELECT_READ)) {
                reapFinished();
                continue;
            }
            auto session = std::make_unique<Session>();
            session->socket = listener_.acceptConnection();
            session->socket.setNoDelay(true);
            session->id = nextConnectionId_.fetch_add(1);
            Session& ref = *session;
            std::lock_guard lock(mutex_);
            if (stopping_) break;
            sessions_.push_back(std::move(session));
            ref.thread = std::thread([this, &ref] {
                serve(ref);
                try {
                    ref.socket.close();
                } catch (...) {
                }
                ref.done = true;
            });
        } catch (const Poco::Exception& e) {
            if (verbose_) std::cerr << "wire server: accept failed: " << e.displayText() << std::endl;
        }
    }
}

void MongoWireServer::serve(Session& session) {
    auto& socket = session.socket;
    const auto log = [&](const std::string& text) {
        if (verbose_) std::cerr << "[conn" << session.id << "] " << text << std::endl;
    };
    try {
        for (;;) {
            RawMessage message;
            if (stopping_ || !mongo::receiveMessage(socket, message)) return;
            if (message.header.opCode == static_cast<std::int32_t>(OpCode::Query)) {
                // flags, fullCollectionName, numberToSkip, numberToReturn, query[, selector]
                const std::string& p = message.payload;
                const auto nameEnd = p.find('\0', 4);
                if (nameEnd == std::string::npos || nameEnd + 9 > p.size()) throw mongo::ProtocolError("bad OP_QUERY");
                const std::string collection = p.substr(4, nameEnd - 4);
                const std::string_view rest = std::string_view(p).substr(nameEnd + 9);
                Document::Ptr query = mongo::decode(rest.substr(0, mongo::checkBson(rest)));
                if (const Document::Ptr inner = mongo::subDocument(*query, "$query")) query = inner;
                log("OP_QUERY " + collection + " " + query->toString());
                const std::string suffix = ".$cmd";
                Document::Ptr reply;
                std::int32_t flags = 0;
                if (collection.size() > suffix.size() &&
                    collection.compare(collection.size() - suffix.size(), suffix.size(), suffix) == 0 &&
                    wire::CommandExecutor::isHello(*query)) {
                    reply = executor_.execute(*query, collection.substr(0, collection.size() - suffix.size()), session.id);
                } else {
                    // MongoDB 5.1+ accepts OP_QUERY only for the handshake.
                    reply = mongo::makeDocument();
                    reply->add("$err", std::string("Unsupported OP_QUERY command: use OP_MSG"));
                    reply->add("code", 352);
                    reply->add("ok", 0.0);
                    flags = 2; // QueryFailure
                }
                mongo::sendMessage(socket, opReply(*reply, message.header.requestId, flags));
                continue;
            }
            if (message.header.opCode != static_cast<std::int32_t>(OpCode::Msg)) {
                log("unsupported opcode " + std::to_string(message.header.opCode) + ", closing");
                return;
            }
            const OpMsg request = OpMsg::decode(message.payload);
            const Document::Ptr body = request.mergedBody();
            const std::string db = databaseOf(*body);
            log("OP_MSG " + body->toString());

            const bool awaitable = wire::CommandExecutor::isHello(*body) && !body->get("maxAwaitTimeMS").isNull() &&
                                   !body->get("topologyVersion").isNull();
            const bool exhaust = awaitable && (request.flagBits & mongo::msgflags::ExhaustAllowed) != 0;
            std::int32_t responseTo = message.header.requestId;
            for (;;) {
                if (awaitable) {
                    // Our topology never changes: an awaitable hello waits its full
                    // maxAwaitTimeMS, unless the client goes away or we stop.
                    const auto wait = std::chrono::milliseconds(mongo::integerField(*body, "maxAwaitTimeMS", 0));
                    const auto until = std::chrono::steady_clock::now() + wait;
                    while (!stopping_ && std::chrono::steady_clock::now() < until) {
                        if (socket.poll(Poco::Timespan(0, 100000), Poco::Net::Socket::SELECT_READ)) {
                            if (peerClosed(socket)) return; // EOF: the client closed
                            break; // the client sent something: answer and go back to reading
                        }
                    }
                    if (stopping_) return;
                }
                const Document::Ptr reply = executor_.execute(*body, db, session.id);
                if ((request.flagBits & mongo::msgflags::MoreToCome) != 0) break; // no reply wanted
                OpMsg out;
                out.body = reply;
                const bool streaming = exhaust && socket.available() == 0;
                if (streaming) out.flagBits = mongo::msgflags::MoreToCome;
                const std::int32_t replyId = replyIds.fetch_add(1);
                mongo::sendMessage(socket, out.encode(replyId, responseTo));
                if (!streaming) break;
                responseTo = replyId;
            }
        }
    } catch (const std::exception& e) {
        // A broken or closed client connection ends the session; the server goes on.
        log(std::string("connection ends: ") + e.what());
    }
}

} // namespace jollyjet::test

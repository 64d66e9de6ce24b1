#include "CommandExecutor.h"

#include <Poco/MongoDB/ObjectId.h>
#include <Poco/Timestamp.h>

#include "CommandSupport.h"
#include "jollyjet/mongo/ObjectId.h"
#include "jollyjet/mongo/OpMsg.h"

namespace jollyjet::test::wire {

namespace {

constexpr Poco::Int32 kMaxWireVersion = 21; // MongoDB 7.0

Document::Ptr simpleOk() {
    Document::Ptr reply = okReply();
    addOk(*reply);
    return reply;
}

Document::Ptr buildInfo() {
    Document::Ptr reply = okReply();
    reply->add("version", std::string("7.0.0"));
    Array::Ptr version = new Array();
    version->add("0", 7).add("1", 0).add("2", 0).add("3", 0);
    reply->add("versionArray", version);
    reply->add("maxBsonObjectSize", 16 * 1024 * 1024);
    reply->add("gitVersion", std::string("jollyjet-mongo-wire-test-server"));
    addOk(*reply);
    return reply;
}

} // namespace

CommandExecutor::CommandExecutor() : processId_(mongo::ObjectId::generate().toHex()) {}

bool CommandExecutor::isHello(const Document& command) {
    const auto elements = mongo::elementsOf(command);
    if (elements.empty()) return false;
    const std::string& name = elements.front()->name();
    return name == "hello" || name == "isMaster" || name == "ismaster";
}

Document::Ptr CommandExecutor::hello(const Document& command, std::int32_t connectionId) const {
    const std::string name = mongo::elementsOf(command).front()->name();
    Document::Ptr reply = okReply();
    if (mongo::as<bool>(command.get("helloOk"))) reply->add("helloOk", true);
    reply->add(name == "hello" ? "isWritablePrimary" : "ismaster", true);
    Document::Ptr topology = mongo::makeDocument();
    topology->add("processId", Poco::MongoDB::ObjectId::Ptr(new Poco::MongoDB::ObjectId(processId_)));
    topology->add("counter", static_cast<Poco::Int64>(0));
    reply->add("topologyVersion", topology);
    reply->add("maxBsonObjectSize", 16 * 1024 * 1024);
    reply->add("maxMessageSizeBytes", mongo::kMaxMessageSize);
    reply->add("maxWriteBatchSize", 100000);
    reply->add("localTime", Poco::Timestamp());
    reply->add("logicalSessionTimeoutMinutes", 30);
    reply->add("connectionId", connectionId);
    reply->add("minWireVersion", 0);
    reply->add("maxWireVersion", kMaxWireVersion);
    reply->add("readOnly", false);
    addOk(*reply);
    return reply;
}

Document::Ptr CommandExecutor::execute(const Document& command, const std::string& db, std::int32_t connectionId) {
    if (command.empty()) return errorReply(CommandFailure(59, "CommandNotFound", "no such command: ''"));
    const std::string name = mongo::elementsOf(command).front()->name();
    try {
        std::lock_guard lock(mutex_);
        return run(name, command, db, connectionId);
    } catch (const CommandFailure& failure) {
        return errorReply(failure);
    } catch (const std::exception& e) {
        // A bug in the test server must show up as a failed command, not a dead connection.
        return errorReply(CommandFailure(1, "InternalError", std::string("wire test server: ") + e.what()));
    }
}

Document::Ptr CommandExecutor::run(const std::string& name, const Document& command, const std::string& db,
                                   std::int32_t connectionId) {
    if (db.empty()) throw CommandFailure(40414, "Location40414", "BSON field '$db' is missing but a required field");
    if (isHello(command)) return hello(command, connectionId);
    if (name == "ping" || name == "endSessions" || name == "killSessions" || name == "refreshSessions")
        return simpleOk();
    if (name == "buildInfo" || name == "buildinfo") return buildInfo();
    if (name == "insert") return insertCommand(store_, command, db);
    if (name == "find") return findCommand(store_, command, db);
    if (name == "getMore") return getMoreCommand(store_, command, db);
    if (name == "killCursors") return killCursorsCommand(store_, command, db);
    if (name == "update") return updateCommand(store_, command, db);
    if (name == "delete") return deleteCommand(store_, command, db);
    if (name == "findAndModify" || name == "findandmodify") return findAndModifyCommand(store_, command, db);
    if (name == "count") return countCommand(store_, command, db);
    if (name == "aggregate") return aggregateCommand(store_, command, db);
    if (name == "createIndexes") return createIndexesCommand(store_, command, db);
    if (name == "listIndexes") return listIndexesCommand(store_, command, db);
    if (name == "dropIndexes") return dropIndexesCommand(store_, command, db);
    if (name == "listCollections") return listCollectionsCommand(store_, command, db);
    if (name == "create") return createCommand(store_, command, db);
    if (name == "drop") return dropCommand(store_, command, db);
    if (name == "dropDatabase") return dropDatabaseCommand(store_, command, db);
    throw CommandFailure(59, "CommandNotFound", "no such command: '" + name + "'");
}

} // namespace jollyjet::test::wire

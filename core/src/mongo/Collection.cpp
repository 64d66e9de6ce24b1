#include "jollyjet/mongo/Collection.h"

#include "Cursor.h"
#include "jollyjet/mongo/ConnectionPool.h"
#include "jollyjet/mongo/Errors.h"

namespace jollyjet::mongo {

std::int64_t Collection::count(const Document::Ptr& filter) {
    Document command;
    command.add("count", name_);
    if (!filter.isNull()) command.add("query", filter);
    const Document::Ptr reply = run(command);
    const auto n = integerOf(reply->get("n"));
    if (!n) throw ProtocolError("count reply without n");
    return *n;
}

namespace {

Document::Ptr orEmpty(const Document::Ptr& document) { return document.isNull() ? makeDocument() : document; }

Document::Ptr copyOf(const Document& document) {
    Document::Ptr copy = makeDocument();
    for (const auto& element : elementsOf(document)) copy->addElement(element);
    return copy;
}

} // namespace

Collection::Collection(ConnectionPool& pool, std::string database, std::string name)
    : pool_(&pool), database_(std::move(database)), name_(std::move(name)) {}

Document::Ptr Collection::run(const Document& command, const std::vector<DocumentSequence>& sequences) {
    ConnectionPool::Lease lease = pool_->borrow();
    return lease->runCommand(database_, command, sequences);
}

void Collection::insertOne(const Document& document) { insertMany({copyOf(document)}); }

void Collection::insertMany(const std::vector<Document::Ptr>& documents) {
    if (documents.empty()) return;
    Document command;
    command.add("insert", name_);
    command.add("ordered", true);
    run(command, {DocumentSequence{"documents", documents}});
}

std::vector<Document::Ptr> Collection::find(const FindOptions& options) {
    Document command;
    command.add("find", name_);
    command.add("filter", orEmpty(options.filter));
    if (!options.sort.isNull()) command.add("sort", options.sort);
    if (!options.projection.isNull()) command.add("projection", options.projection);
    if (options.skip > 0) command.add("skip", static_cast<Poco::Int64>(options.skip));
    if (options.limit > 0) command.add("limit", static_cast<Poco::Int64>(options.limit));
    if (options.batchSize > 0) command.add("batchSize", static_cast<Poco::Int32>(options.batchSize));
    ConnectionPool::Lease lease = pool_->borrow();
    const Document::Ptr reply = lease->runCommand(database_, command);
    return drainCursor(*lease, database_, name_, *reply, options.batchSize);
}

Document::Ptr Collection::findOne(const Document::Ptr& filter, const Document::Ptr& sort,
                                  const Document::Ptr& projection) {
    FindOptions options;
    options.filter = filter;
    options.sort = sort;
    options.projection = projection;
    options.limit = 1;
    auto found = find(options);
    return found.empty() ? nullptr : found.front();
}

std::vector<Document::Ptr> Collection::aggregate(const std::vector<Document::Ptr>& pipeline, std::int32_t batchSize) {
    Document command;
    command.add("aggregate", name_);
    command.add("pipeline", makeArray(pipeline));
    Document::Ptr cursor = makeDocument();
    if (batchSize > 0) cursor->add("batchSize", static_cast<Poco::Int32>(batchSize));
    command.add("cursor", cursor);
    ConnectionPool::Lease lease = pool_->borrow();
    const Document::Ptr reply = lease->runCommand(database_, command);
    return drainCursor(*lease, database_, name_, *reply, batchSize);
}

std::int64_t Collection::countDocuments(const Document::Ptr& filter) {
    Document::Ptr match = makeDocument();
    match->add("$match", orEmpty(filter));
    Document::Ptr count = makeDocument();
    count->add("$count", std::string("n"));
    const auto result = aggregate({match, count});
    // $count produces no document at all when nothing matched.
    if (result.empty()) return 0;
    const auto n = integerOf(result.front()->get("n"));
    if (!n) throw ProtocolError("$count result without a number");
    return *n;
}

namespace {

UpdateResult updateReply(const Document& reply) {
    return UpdateResult{integerField(reply, "n"), integerField(reply, "nModified")};
}

} // namespace

UpdateResult Collection::update(const Document& filter, const Document& update, bool multi) {
    Document::Ptr statement = makeDocument();
    statement->add("q", copyOf(filter)).add("u", copyOf(update)).add("upsert", false).add("multi", multi);
    Document command;
    command.add("update", name_);
    command.add("ordered", true);
    return updateReply(*run(command, {DocumentSequence{"updates", {statement}}}));
}

UpdateResult Collection::updateOne(const Document& filter, const Document& update) {
    return this->update(filter, update, false);
}

UpdateResult Collection::updateMany(const Document& filter, const Document& update) {
    return this->update(filter, update, true);
}

Document::Ptr Collection::findOneAndUpdate(const Document& filter, const Document& update, const Document::Ptr& sort,
                                           bool returnNew) {
    Document command;
    command.add("findAndModify", name_);
    command.add("query", copyOf(filter));
    if (!sort.isNull()) command.add("sort", sort);
    command.add("update", copyOf(update));
    command.add("new", returnNew);
    command.add("upsert", false);
    const Document::Ptr reply = run(command);
    // value is null (BSON null) when nothing matched.
    return subDocument(*reply, "value");
}

std::int64_t Collection::remove(const Document& filter, int limit) {
    Document::Ptr statement = makeDocument();
    statement->add("q", copyOf(filter)).add("limit", limit);
    Document command;
    command.add("delete", name_);
    command.add("ordered", true);
    return integerField(*run(command, {DocumentSequence{"deletes", {statement}}}), "n");
}

std::int64_t Collection::deleteOne(const Document& filter) { return remove(filter, 1); }

std::int64_t Collection::deleteMany(const Document& filter) { return remove(filter, 0); }

void Collection::createIndexes(const std::vector<IndexSpec>& indexes) {
    std::vector<Document::Ptr> specs;
    for (const auto& index : indexes) {
        if (index.keys.isNull() || index.keys->empty()) throw std::invalid_argument("index without keys");
        Document::Ptr spec = makeDocument();
        spec->add("key", index.keys);
        spec->add("name", index.name.empty() ? defaultIndexName(*index.keys) : index.name);
        if (index.unique) spec->add("unique", true);
        specs.push_back(spec);
    }
    Document command;
    command.add("createIndexes", name_);
    command.add("indexes", makeArray(specs));
    run(command);
}

void Collection::drop() {
    Document command;
    command.add("drop", name_);
    try {
        run(command);
    } catch (const CommandError& e) {
        if (e.code() != 26) throw; // NamespaceNotFound: already gone, which is what drop wants
    }
}

std::string defaultIndexName(const Document& keys) {
    std::string name;
    for (const auto& element : elementsOf(keys)) {
        if (!name.empty()) name += "_";
        name += element->name() + "_";
        if (const auto n = integerOf(element)) name += std::to_string(*n);
        else name += element->type() == Poco::MongoDB::ElementTraits<std::string>::TypeId
                          ? as<std::string>(element)->value()
                          : element->toString();
    }
    return name;
}

} // namespace jollyjet::mongo

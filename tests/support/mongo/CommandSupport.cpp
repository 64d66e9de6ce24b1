#include "CommandSupport.h"

#include <Poco/MongoDB/ObjectId.h>

#include "Matcher.h"
#include "jollyjet/mongo/ObjectId.h"

namespace jollyjet::test::wire {

using mongo::elementsOf;

Document::Ptr okReply() {
    Document::Ptr reply = mongo::makeDocument();
    return reply;
}

void addOk(Document& reply) { reply.add("ok", 1.0); }

Document::Ptr errorReply(const CommandFailure& failure) {
    Document::Ptr reply = mongo::makeDocument();
    reply->add("ok", 0.0);
    reply->add("errmsg", std::string(failure.what()));
    reply->add("code", failure.code());
    reply->add("codeName", failure.codeName());
    if (const auto* dup = dynamic_cast<const DuplicateKey*>(&failure)) {
        reply->add("keyPattern", dup->keyPattern);
        reply->add("keyValue", dup->keyValue);
    }
    return reply;
}

std::string collectionOf(const Document& command) {
    const auto elements = elementsOf(command);
    const auto* name = mongo::as<std::string>(elements.front());
    if (name == nullptr || name->value().empty())
        throw CommandFailure(73, "InvalidNamespace", "collection name has invalid type " + std::to_string(elements.front()->type()));
    return name->value();
}

std::string namespaceOf(const Document& command, const std::string& db) { return db + "." + collectionOf(command); }

Document::Ptr documentArg(const Document& command, const std::string& name) {
    const Element::Ptr e = command.get(name);
    if (e.isNull() || isNull(e)) return nullptr;
    if (!isDocument(e)) throw CommandFailure(14, "TypeMismatch", "BSON field '" + name + "' is the wrong type, expected type 'object'");
    return containerOf(e);
}

std::vector<Document::Ptr> documentsArg(const Document& command, const std::string& name) {
    const Element::Ptr e = command.get(name);
    if (e.isNull()) throw CommandFailure(40414, "Location40414", "BSON field '" + name + "' is missing but a required field");
    if (!isArray(e)) throw CommandFailure(14, "TypeMismatch", "BSON field '" + name + "' is the wrong type, expected type 'array'");
    const auto docs = mongo::documentsOf(*containerOf(e));
    if (docs.size() != containerOf(e)->size())
        throw CommandFailure(14, "TypeMismatch", "BSON field '" + name + "' must hold only objects");
    return docs;
}

long long integerArg(const Document& command, const std::string& name, long long fallback) {
    const Element::Ptr e = command.get(name);
    if (e.isNull() || isNull(e)) return fallback;
    if (const auto n = numberOf(e)) return static_cast<long long>(*n);
    throw CommandFailure(14, "TypeMismatch", "BSON field '" + name + "' is the wrong type, expected a number");
}

bool boolArg(const Document& command, const std::string& name, bool fallback) {
    const Element::Ptr e = command.get(name);
    if (e.isNull() || isNull(e)) return fallback;
    if (const auto* b = mongo::as<bool>(e)) return b->value();
    if (const auto n = numberOf(e)) return *n != 0;
    throw CommandFailure(14, "TypeMismatch", "BSON field '" + name + "' is the wrong type, expected type 'bool'");
}

Document::Ptr cursorReply(const std::string& ns, std::int64_t id, const std::vector<Document::Ptr>& batch,
                          const char* field) {
    Document::Ptr cursor = mongo::makeDocument();
    cursor->add(field, mongo::makeArray(batch));
    cursor->add("id", static_cast<Poco::Int64>(id));
    cursor->add("ns", ns);
    Document::Ptr reply = mongo::makeDocument();
    reply->add("cursor", cursor);
    addOk(*reply);
    return reply;
}

std::optional<std::size_t> batchSizeArg(const Document& holder) {
    const long long n = integerArg(holder, "batchSize", -1);
    if (holder.get("batchSize").isNull()) return std::nullopt;
    if (n < 0) throw badValue("BatchSize value must be non-negative, but received: " + std::to_string(n));
    return static_cast<std::size_t>(n);
}

Document::Ptr firstBatchReply(WireStore& store, const std::string& ns, std::vector<Document::Ptr> results,
                              std::optional<std::size_t> batchSize, bool singleBatch) {
    std::deque<Document::Ptr> rest(results.begin(), results.end());
    std::vector<Document::Ptr> batch;
    if (singleBatch) batch = takeBatch(rest, batchSize.value_or(0));
    else if (batchSize != 0u) batch = takeBatch(rest, batchSize.value_or(101));
    std::int64_t id = 0;
    if (!rest.empty() && !singleBatch) id = store.openCursor(ns, std::move(rest));
    return cursorReply(ns, id, batch, "firstBatch");
}

std::vector<std::size_t> matchingPositions(const CollectionData& data, const Document* filter) {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < data.documents.size(); ++i)
        if (filter == nullptr || matches(*data.documents[i], *filter)) out.push_back(i);
    return out;
}

Element::Ptr newObjectIdElement(const std::string& name) {
    Poco::MongoDB::ObjectId::Ptr id = new Poco::MongoDB::ObjectId(mongo::ObjectId::generate().toHex());
    return new Poco::MongoDB::ConcreteElement<Poco::MongoDB::ObjectId::Ptr>(name, id);
}

} // namespace jollyjet::test::wire

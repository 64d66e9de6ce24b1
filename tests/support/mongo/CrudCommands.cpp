#include "CommandSupport.h"
#include "Matcher.h"
#include "Projection.h"
#include "Update.h"

namespace jollyjet::test::wire {

using mongo::elementsOf;

namespace {

Document::Ptr writeError(std::size_t index, const CommandFailure& failure) {
    Document::Ptr error = mongo::makeDocument();
    error->add("index", static_cast<Poco::Int32>(index));
    error->add("code", failure.code());
    if (const auto* dup = dynamic_cast<const DuplicateKey*>(&failure)) {
        error->add("keyPattern", dup->keyPattern);
        error->add("keyValue", dup->keyValue);
    }
    error->add("errmsg", std::string(failure.what()));
    return error;
}

void addWriteErrors(Document& reply, const std::vector<Document::Ptr>& errors) {
    if (!errors.empty()) reply.add("writeErrors", mongo::makeArray(errors));
}

// _id first, generated when absent, as mongod stores it.
Document::Ptr withId(const Document& document) {
    const Element::Ptr id = document.get("_id");
    Document::Ptr out = mongo::makeDocument();
    out->addElement(id.isNull() ? newObjectIdElement("_id") : id);
    for (const auto& e : elementsOf(document))
        if (e->name() != "_id") out->addElement(e);
    return out;
}

void checkStorable(const Document& document) {
    for (const auto& e : elementsOf(document)) {
        if (!e->name().empty() && e->name()[0] == '$')
            throw CommandFailure(2, "BadValue", "Document can't have $ prefixed field names: " + e->name());
    }
    if (isArray(document.get("_id"))) throw CommandFailure(53, "InvalidIdField", "The '_id' value cannot be of type array");
}

std::vector<Document::Ptr> selectDocuments(const CollectionData* data, const Document::Ptr& filter) {
    std::vector<Document::Ptr> out;
    if (data == nullptr) return out;
    for (const auto i : matchingPositions(*data, filter.get())) out.push_back(data->documents[i]);
    return out;
}

// The position of the first match after sorting, or -1.
long firstMatch(const CollectionData& data, const Document* filter, const Document::Ptr& sort) {
    const auto positions = matchingPositions(data, filter);
    if (positions.empty()) return -1;
    if (sort.isNull() || sort->empty()) return static_cast<long>(positions.front());
    std::vector<Document::Ptr> docs;
    for (auto p : positions) docs.push_back(data.documents[p]);
    sortDocuments(docs, *sort);
    for (auto p : positions)
        if (data.documents[p].get() == docs.front().get()) return static_cast<long>(p);
    return -1;
}

// The equality fields of a query, the start of an upserted document.
Document::Ptr seedFromQuery(const Document& query) {
    Document::Ptr seed = mongo::makeDocument();
    for (const auto& e : elementsOf(query)) {
        if (e->name().empty() || e->name()[0] == '$') continue;
        if (isDocument(e)) {
            const auto inner = elementsOf(*containerOf(e));
            if (!inner.empty() && inner.front()->name()[0] == '$') {
                if (inner.front()->name() == "$eq") seed = withField(*seed, e->name(), inner.front());
                continue;
            }
        }
        seed = withField(*seed, e->name(), e);
    }
    return seed;
}

struct UpdateOutcome {
    long long matched = 0;
    long long modified = 0;
    Element::Ptr upsertedId;
    Document::Ptr before;
    Document::Ptr after;
};

UpdateOutcome updateDocuments(WireStore& store, const std::string& ns, const Document& query, const Document& update,
                              bool multi, bool upsert, const Document::Ptr& sort) {
    UpdateOutcome outcome;
    CollectionData* data = store.find(ns);
    std::vector<long> targets;
    if (data != nullptr) {
        if (multi) {
            for (auto p : matchingPositions(*data, &query)) targets.push_back(static_cast<long>(p));
        } else if (const long p = firstMatch(*data, &query, sort); p >= 0) {
            targets.push_back(p);
        }
    }
    for (const long p : targets) {
        const Document::Ptr before = data->documents[static_cast<std::size_t>(p)];
        const Document::Ptr after = applyUpdate(*before, update);
        checkStorable(*after);
        ++outcome.matched;
        outcome.before = before;
        outcome.after = after;
        if (bytesOf(*after) == bytesOf(*before)) continue;
        store.checkUnique(ns, *data, *after, p);
        data->documents[static_cast<std::size_t>(p)] = after;
        ++outcome.modified;
    }
    if (targets.empty() && upsert) {
        CollectionData& target = store.obtain(ns);
        Document::Ptr inserted = withId(*applyUpdate(*seedFromQuery(query), update, true));
        checkStorable(*inserted);
        store.checkUnique(ns, target, *inserted, -1);
        target.documents.push_back(inserted);
        outcome.upsertedId = inserted->get("_id");
        outcome.after = inserted;
    }
    return outcome;
}

} // namespace

Document::Ptr insertCommand(WireStore& store, const Document& command, const std::string& db) {
    const std::string ns = namespaceOf(command, db);
    const auto documents = documentsArg(command, "documents");
    const bool ordered = boolArg(command, "ordered", true);
    CollectionData& data = store.obtain(ns);
    std::vector<Document::Ptr> errors;
    long long n = 0;
    for (std::size_t i = 0; i < documents.size(); ++i) {
        try {
            Document::Ptr document = withId(*documents[i]);
            checkStorable(*document);
            store.checkUnique(ns, data, *document, -1);
            data.documents.push_back(document);
            ++n;
        } catch (const CommandFailure& failure) {
            errors.push_back(writeError(i, failure));
            if (ordered) break;
        }
    }
    Document::Ptr reply = okReply();
    reply->add("n", static_cast<Poco::Int32>(n));
    addWriteErrors(*reply, errors);
    addOk(*reply);
    return reply;
}

Document::Ptr findCommand(WireStore& store, const Document& command, const std::string& db) {
    const std::string ns = namespaceOf(command, db);
    const Document::Ptr filter = documentArg(command, "filter");
    const Document::Ptr sort = documentArg(command, "sort");
    const Document::Ptr projection = documentArg(command, "projection");
    const long long skip = integerArg(command, "skip", 0);
    long long limit = integerArg(command, "limit", 0);
    bool singleBatch = boolArg(command, "singleBatch", false);
    if (skip < 0) throw badValue("skip value must be non-negative, but received: " + std::to_string(skip));
    if (limit < 0) throw badValue("limit value must be non-negative, but received: " + std::to_string(limit));
    const auto batchSize = batchSizeArg(command);

    std::vector<Document::Ptr> results = selectDocuments(store.find(ns), filter);
    if (!sort.isNull()) sortDocuments(results, *sort);
    if (skip > 0) results.erase(results.begin(), results.begin() + std::min<long long>(skip, static_cast<long long>(results.size())));
    if (limit > 0 && static_cast<long long>(results.size()) > limit) results.resize(static_cast<std::size_t>(limit));
    if (!projection.isNull() && !projection->empty())
        for (auto& d : results) d = project(*d, *projection);
    return firstBatchReply(store, ns, std::move(results), batchSize, singleBatch);
}

Document::Ptr getMoreCommand(WireStore& store, const Document& command, const std::string& db) {
    const auto id = mongo::integerOf(mongo::elementsOf(command).front());
    if (!id) throw CommandFailure(14, "TypeMismatch", "getMore cursor id must be a long");
    const auto* collection = mongo::as<std::string>(command.get("collection"));
    if (collection == nullptr) throw CommandFailure(40414, "Location40414", "BSON field 'getMore.collection' is missing but a required field");
    const std::string ns = db + "." + collection->value();
    bool exhausted = false;
    const auto batch = store.nextBatch(*id, ns, batchSizeArg(command).value_or(0), exhausted);
    return cursorReply(ns, exhausted ? 0 : *id, batch, "nextBatch");
}

Document::Ptr killCursorsCommand(WireStore& store, const Document& command, const std::string&) {
    const Element::Ptr cursors = command.get("cursors");
    if (!isArray(cursors)) throw CommandFailure(14, "TypeMismatch", "BSON field 'killCursors.cursors' must be an array");
    Array::Ptr killed = new Array();
    Array::Ptr notFound = new Array();
    for (const auto& e : elementsOf(*containerOf(cursors))) {
        const auto id = mongo::integerOf(e);
        if (!id) continue;
        Array::Ptr& list = store.killCursor(*id) ? killed : notFound;
        list->add(std::to_string(list->size()), static_cast<Poco::Int64>(*id));
    }
    Document::Ptr reply = okReply();
    reply->add("cursorsKilled", killed);
    reply->add("cursorsNotFound", notFound);
    reply->add("cursorsAlive", Array::Ptr(new Array()));
    reply->add("cursorsUnknown", Array::Ptr(new Array()));
    addOk(*reply);
    return reply;
}

Document::Ptr updateCommand(WireStore& store, const Document& command, const std::string& db) {
    const std::string ns = namespaceOf(command, db);
    const auto statements = documentsArg(command, "updates");
    const bool ordered = boolArg(command, "ordered", true);
    long long n = 0;
    long long modified = 0;
    std::vector<Document::Ptr> errors;
    std::vector<Document::Ptr> upserted;
    for (std::size_t i = 0; i < statements.size(); ++i) {
        try {
            const Document::Ptr q = documentArg(*statements[i], "q");
            const Document::Ptr u = documentArg(*statements[i], "u");
            if (u.isNull()) {
                if (isArray(statements[i]->get("u")))
                    throw CommandFailure(9, "FailedToParse", "update pipelines are not supported by the wire test server");
                throw CommandFailure(9, "FailedToParse", "BSON field 'update.updates.u' is missing but a required field");
            }
            const auto outcome = updateDocuments(store, ns, q.isNull() ? Document() : *q, *u,
                                                 boolArg(*statements[i], "multi", false),
                                                 boolArg(*statements[i], "upsert", false), nullptr);
            n += outcome.matched;
            modified += outcome.modified;
            if (!outcome.upsertedId.isNull()) {
                ++n;
                Document::Ptr entry = mongo::makeDocument();
                entry->add("index", static_cast<Poco::Int32>(i));
                entry->addElement(outcome.upsertedId);
                upserted.push_back(entry);
            }
        } catch (const CommandFailure& failure) {
            errors.push_back(writeError(i, failure));
            if (ordered) break;
        }
    }
    Document::Ptr reply = okReply();
    reply->add("n", static_cast<Poco::Int32>(n));
    reply->add("nModified", static_cast<Poco::Int32>(modified));
    if (!upserted.empty()) reply->add("upserted", mongo::makeArray(upserted));
    addWriteErrors(*reply, errors);
    addOk(*reply);
    return reply;
}

Document::Ptr deleteCommand(WireStore& store, const Document& command, const std::string& db) {
    const std::string ns = namespaceOf(command, db);
    const auto statements = documentsArg(command, "deletes");
    long long n = 0;
    for (const auto& statement : statements) {
        const Document::Ptr q = documentArg(*statement, "q");
        const long long limit = integerArg(*statement, "limit", -1);
        if (limit != 0 && limit != 1)
            throw CommandFailure(9, "FailedToParse", "The limit field in delete objects must be 0 or 1. Got " + std::to_string(limit));
        CollectionData* data = store.find(ns);
        if (data == nullptr) continue;
        auto positions = matchingPositions(*data, q.get());
        if (limit == 1 && positions.size() > 1) positions.resize(1);
        for (auto it = positions.rbegin(); it != positions.rend(); ++it)
            data->documents.erase(data->documents.begin() + static_cast<long>(*it));
        n += static_cast<long long>(positions.size());
    }
    Document::Ptr reply = okReply();
    reply->add("n", static_cast<Poco::Int32>(n));
    addOk(*reply);
    return reply;
}

Document::Ptr findAndModifyCommand(WireStore& store, const Document& command, const std::string& db) {
    const std::string ns = namespaceOf(command, db);
    Document::Ptr query = documentArg(command, "query");
    if (query.isNull()) query = mongo::makeDocument();
    const Document::Ptr sort = documentArg(command, "sort");
    Document::Ptr fields = documentArg(command, "fields");
    const bool remove = boolArg(command, "remove", false);
    const bool returnNew = boolArg(command, "new", false);
    const bool upsert = boolArg(command, "upsert", false);
    const Document::Ptr update = documentArg(command, "update");
    if (remove == !update.isNull())
        throw CommandFailure(9, "FailedToParse", "Either an update or remove=true must be specified");

    Document::Ptr lastError = mongo::makeDocument();
    Document::Ptr value;
    if (remove) {
        CollectionData* data = store.find(ns);
        const long p = data == nullptr ? -1 : firstMatch(*data, query.get(), sort);
        if (p >= 0) {
            value = data->documents[static_cast<std::size_t>(p)];
            data->documents.erase(data->documents.begin() + p);
        }
        lastError->add("n", static_cast<Poco::Int32>(p >= 0 ? 1 : 0));
    } else {
        const auto outcome = updateDocuments(store, ns, *query, *update, false, upsert, sort);
        lastError->add("n", static_cast<Poco::Int32>(outcome.matched + (outcome.upsertedId.isNull() ? 0 : 1)));
        lastError->add("updatedExisting", outcome.matched > 0);
        if (!outcome.upsertedId.isNull()) lastError->addElement(renamed(outcome.upsertedId, "upserted"));
        value = returnNew ? outcome.after : outcome.before;
    }
    Document::Ptr reply = okReply();
    reply->add("lastErrorObject", lastError);
    if (value.isNull()) reply->add("value", Poco::MongoDB::NullValue(0));
    else reply->add("value", fields.isNull() || fields->empty() ? value : project(*value, *fields));
    addOk(*reply);
    return reply;
}

Document::Ptr countCommand(WireStore& store, const Document& command, const std::string& db) {
    const std::string ns = namespaceOf(command, db);
    auto results = selectDocuments(store.find(ns), documentArg(command, "query"));
    long long n = static_cast<long long>(results.size());
    const long long skip = integerArg(command, "skip", 0);
    const long long limit = integerArg(command, "limit", 0);
    n = std::max(0LL, n - skip);
    if (limit > 0) n = std::min(n, limit);
    Document::Ptr reply = okReply();
    reply->add("n", static_cast<Poco::Int32>(n));
    addOk(*reply);
    return reply;
}

} // namespace jollyjet::test::wire

#include "CommandSupport.h"
#include "Matcher.h"

namespace jollyjet::test::wire {

using mongo::elementsOf;

namespace {

std::string indexName(const Document& key) {
    std::string name;
    for (const auto& e : elementsOf(key)) {
        if (!name.empty()) name += "_";
        name += e->name() + "_";
        if (const auto n = mongo::integerOf(e)) name += std::to_string(*n);
        else if (const auto* s = mongo::as<std::string>(e)) name += s->value();
    }
    return name;
}

Document::Ptr describeIndex(const IndexInfo& index) {
    Document::Ptr d = mongo::makeDocument();
    d->add("v", 2);
    d->add("key", index.key);
    d->add("name", index.name);
    if (index.unique && index.name != "_id_") d->add("unique", true);
    return d;
}

} // namespace

Document::Ptr createIndexesCommand(WireStore& store, const Document& command, const std::string& db) {
    const std::string ns = namespaceOf(command, db);
    const auto specs = documentsArg(command, "indexes");
    if (specs.empty()) throw badValue("Must specify at least one index to create");
    bool created = false;
    CollectionData& data = store.obtain(ns, &created);
    const auto before = static_cast<Poco::Int32>(data.indexes.size());
    for (const auto& spec : specs) {
        const Document::Ptr key = documentArg(*spec, "key");
        if (key.isNull() || key->empty()) throw CommandFailure(67, "CannotCreateIndex", "index key pattern must be a non-empty object");
        for (const auto& e : elementsOf(*key)) {
            const auto n = numberOf(e);
            const auto* s = mongo::as<std::string>(e);
            if (!(n && *n != 0) && !(s && (s->value() == "text" || s->value() == "hashed" || s->value() == "2dsphere")))
                throw CommandFailure(67, "CannotCreateIndex", "Values in the index key pattern can only be numbers or 'text'/'hashed'/'2dsphere'");
        }
        const std::string name = spec->get<std::string>("name", indexName(*key));
        const bool unique = boolArg(*spec, "unique", false);
        IndexInfo index{name, key, unique};
        auto same = std::find_if(data.indexes.begin(), data.indexes.end(), [&](const IndexInfo& i) { return i.name == name; });
        if (same != data.indexes.end()) {
            if (bytesOf(*same->key) != bytesOf(*key))
                throw CommandFailure(86, "IndexKeySpecsConflict", "An existing index has the same name as the requested index. Requested index: " +
                                                                          describeIndex(index)->toString() + ", existing index: " + describeIndex(*same)->toString());
            if (same->unique != unique)
                throw CommandFailure(85, "IndexOptionsConflict", "An existing index has the same name as the requested index but different options: " + name);
            continue;
        }
        auto sameKey = std::find_if(data.indexes.begin(), data.indexes.end(),
                                    [&](const IndexInfo& i) { return bytesOf(*i.key) == bytesOf(*key); });
        if (sameKey != data.indexes.end())
            throw CommandFailure(85, "IndexOptionsConflict", "Index already exists with a different name: " + sameKey->name);
        if (unique) {
            // A unique index cannot be built over data that already breaks it.
            CollectionData probe;
            probe.indexes.push_back(index);
            for (const auto& d : data.documents) {
                store.checkUnique(ns, probe, *d, -1);
                probe.documents.push_back(d);
            }
        }
        data.indexes.push_back(index);
    }
    Document::Ptr reply = okReply();
    reply->add("numIndexesBefore", before);
    reply->add("numIndexesAfter", static_cast<Poco::Int32>(data.indexes.size()));
    reply->add("createdCollectionAutomatically", created);
    if (before == static_cast<Poco::Int32>(data.indexes.size())) reply->add("note", std::string("all indexes already exist"));
    addOk(*reply);
    return reply;
}

Document::Ptr listIndexesCommand(WireStore& store, const Document& command, const std::string& db) {
    const std::string ns = namespaceOf(command, db);
    const CollectionData* data = store.find(ns);
    if (data == nullptr) throw CommandFailure(26, "NamespaceNotFound", "ns does not exist: " + ns);
    std::vector<Document::Ptr> out;
    for (const auto& index : data->indexes) out.push_back(describeIndex(index));
    const Document::Ptr cursor = documentArg(command, "cursor");
    return firstBatchReply(store, ns, out, cursor.isNull() ? std::nullopt : batchSizeArg(*cursor), false);
}

Document::Ptr dropIndexesCommand(WireStore& store, const Document& command, const std::string& db) {
    const std::string ns = namespaceOf(command, db);
    CollectionData* data = store.find(ns);
    if (data == nullptr) throw CommandFailure(26, "NamespaceNotFound", "ns not found " + ns);
    const auto before = static_cast<Poco::Int32>(data->indexes.size());
    const auto* name = mongo::as<std::string>(command.get("index"));
    if (name && name->value() == "*") {
        data->indexes.resize(1);
    } else if (name) {
        if (name->value() == "_id_") throw CommandFailure(72, "InvalidOptions", "cannot drop _id index");
        auto it = std::find_if(data->indexes.begin(), data->indexes.end(), [&](const IndexInfo& i) { return i.name == name->value(); });
        if (it == data->indexes.end()) throw CommandFailure(27, "IndexNotFound", "index not found with name [" + name->value() + "]");
        data->indexes.erase(it);
    } else {
        throw badValue("dropIndexes needs an index name or '*'");
    }
    Document::Ptr reply = okReply();
    reply->add("nIndexesWas", before);
    addOk(*reply);
    return reply;
}

Document::Ptr listCollectionsCommand(WireStore& store, const Document& command, const std::string& db) {
    const Document::Ptr filter = documentArg(command, "filter");
    std::vector<Document::Ptr> out;
    for (const auto& name : store.collectionNames(db)) {
        Document::Ptr d = mongo::makeDocument();
        d->add("name", name);
        d->add("type", std::string("collection"));
        d->add("options", mongo::makeDocument());
        d->addNewDocument("info").add("readOnly", false);
        Document::Ptr idIndex = mongo::makeDocument();
        idIndex->add("v", 2);
        idIndex->addNewDocument("key").add("_id", 1);
        idIndex->add("name", std::string("_id_"));
        d->add("idIndex", idIndex);
        if (filter.isNull() || matches(*d, *filter)) out.push_back(d);
    }
    const Document::Ptr cursor = documentArg(command, "cursor");
    return firstBatchReply(store, db + ".$cmd.listCollections", out,
                           cursor.isNull() ? std::nullopt : batchSizeArg(*cursor), false);
}

Document::Ptr createCommand(WireStore& store, const Document& command, const std::string& db) {
    const std::string ns = namespaceOf(command, db);
    if (store.find(ns) != nullptr) throw CommandFailure(48, "NamespaceExists", "Collection " + ns + " already exists.");
    store.obtain(ns);
    Document::Ptr reply = okReply();
    addOk(*reply);
    return reply;
}

Document::Ptr dropCommand(WireStore& store, const Document& command, const std::string& db) {
    const std::string ns = namespaceOf(command, db);
    const CollectionData* data = store.find(ns);
    if (data == nullptr) throw CommandFailure(26, "NamespaceNotFound", "ns not found");
    const auto indexes = static_cast<Poco::Int32>(data->indexes.size());
    store.drop(ns);
    Document::Ptr reply = okReply();
    reply->add("nIndexesWas", indexes);
    reply->add("ns", ns);
    addOk(*reply);
    return reply;
}

Document::Ptr dropDatabaseCommand(WireStore& store, const Document&, const std::string& db) {
    store.dropDatabase(db);
    Document::Ptr reply = okReply();
    addOk(*reply);
    return reply;
}

} // namespace jollyjet::test::wire

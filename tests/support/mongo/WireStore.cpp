#include "WireStore.h"

namespace jollyjet::test::wire {

using mongo::elementsOf;

namespace {

constexpr std::size_t kMaxBatchBytes = 16 * 1024 * 1024;

std::string dupKeyText(const Document& keyValue) {
    std::string out = "{ ";
    bool first = true;
    for (const auto& e : elementsOf(keyValue)) {
        out += (first ? "" : ", ") + e->name() + ": " + e->toString();
        first = false;
    }
    return out + " }";
}

} // namespace

CollectionData* WireStore::find(const std::string& ns) {
    const auto it = collections_.find(ns);
    return it == collections_.end() ? nullptr : &it->second;
}

CollectionData& WireStore::obtain(const std::string& ns, bool* created) {
    auto [it, inserted] = collections_.try_emplace(ns);
    if (inserted) {
        Document::Ptr key = mongo::makeDocument();
        key->add("_id", 1);
        it->second.indexes.push_back(IndexInfo{"_id_", key, true});
    }
    if (created) *created = inserted;
    return it->second;
}

bool WireStore::drop(const std::string& ns) {
    for (auto it = cursors_.begin(); it != cursors_.end();) it = it->second.ns == ns ? cursors_.erase(it) : std::next(it);
    return collections_.erase(ns) > 0;
}

void WireStore::dropDatabase(const std::string& db) {
    for (const auto& name : collectionNames(db)) drop(db + "." + name);
}

std::vector<std::string> WireStore::collectionNames(const std::string& db) const {
    std::vector<std::string> out;
    const std::string prefix = db + ".";
    for (const auto& [ns, data] : collections_)
        if (ns.compare(0, prefix.size(), prefix) == 0) out.push_back(ns.substr(prefix.size()));
    return out;
}

void WireStore::checkUnique(const std::string& ns, const CollectionData& data, const Document& candidate, long self) const {
    for (const auto& index : data.indexes) {
        if (!index.unique) continue;
        const auto fields = elementsOf(*index.key);
        const auto keyOf = [&](const Document& doc) {
            std::vector<Element::Ptr> key;
            for (const auto& f : fields) key.push_back(elementAt(doc, f->name()));
            return key;
        };
        const auto mine = keyOf(candidate);
        for (std::size_t i = 0; i < data.documents.size(); ++i) {
            if (static_cast<long>(i) == self) continue;
            const auto theirs = keyOf(*data.documents[i]);
            bool same = true;
            for (std::size_t k = 0; k < mine.size() && same; ++k) same = equalValues(mine[k], theirs[k]);
            if (!same) continue;
            Document::Ptr keyValue = mongo::makeDocument();
            for (std::size_t k = 0; k < fields.size(); ++k) {
                if (mine[k].isNull()) keyValue->addElement(new Poco::MongoDB::ConcreteElement<Poco::MongoDB::NullValue>(fields[k]->name(), Poco::MongoDB::NullValue(0)));
                else keyValue->addElement(renamed(mine[k], fields[k]->name()));
            }
            throw DuplicateKey("E11000 duplicate key error collection: " + ns + " index: " + index.name +
                                   " dup key: " + dupKeyText(*keyValue),
                               index.key, keyValue);
        }
    }
}

std::int64_t WireStore::openCursor(const std::string& ns, std::deque<Document::Ptr> rest) {
    std::int64_t id = 0;
    do {
        id = static_cast<std::int64_t>(random_() & 0x7FFFFFFFFFFFFFFFull);
    } while (id == 0 || cursors_.count(id));
    cursors_.emplace(id, Cursor{ns, std::move(rest)});
    return id;
}

std::vector<Document::Ptr> WireStore::nextBatch(std::int64_t id, const std::string& ns, std::size_t batchSize,
                                                bool& exhausted) {
    const auto it = cursors_.find(id);
    if (it == cursors_.end()) throw CommandFailure(43, "CursorNotFound", "cursor id " + std::to_string(id) + " not found");
    if (it->second.ns != ns)
        throw CommandFailure(13, "Unauthorized", "Requested getMore on namespace '" + ns + "', but cursor belongs to a different namespace " + it->second.ns);
    auto batch = takeBatch(it->second.rest, batchSize);
    exhausted = it->second.rest.empty();
    if (exhausted) cursors_.erase(it);
    return batch;
}

bool WireStore::killCursor(std::int64_t id) { return cursors_.erase(id) > 0; }

std::vector<Document::Ptr> takeBatch(std::deque<Document::Ptr>& rest, std::size_t batchSize) {
    std::vector<Document::Ptr> batch;
    std::size_t bytes = 0;
    while (!rest.empty() && (batchSize == 0 || batch.size() < batchSize)) {
        const std::size_t size = bytesOf(*rest.front()).size();
        if (!batch.empty() && bytes + size > kMaxBatchBytes) break;
        bytes += size;
        batch.push_back(rest.front());
        rest.pop_front();
    }
    return batch;
}

} // namespace jollyjet::test::wire

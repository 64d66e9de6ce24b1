#include "MongoProductStore.h"

#include <chrono>

#include <Poco/MongoDB/Array.h>
#include <Poco/MongoDB/ObjectId.h>
#include <Poco/Timestamp.h>

#include "SearchWords.h"
#include "jollyjet/mongo/Bson.h"
#include "jollyjet/mongo/Collection.h"
#include "jollyjet/mongo/ConnectionPool.h"
#include "jollyjet/mongo/Errors.h"
#include "jollyjet/mongo/ObjectId.h"

namespace jollyjet::products {

namespace {

using Poco::MongoDB::Document;

std::int64_t nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

Poco::Timestamp timestampOf(std::int64_t ms) { return Poco::Timestamp(ms * 1000); }

Poco::MongoDB::ObjectId::Ptr objectId(const std::string& hex) {
    return new Poco::MongoDB::ObjectId(hex);
}

Poco::MongoDB::Array::Ptr stringArray(const std::vector<std::string>& items) {
    Poco::MongoDB::Array::Ptr array = new Poco::MongoDB::Array;
    for (std::size_t i = 0; i < items.size(); ++i) array->add(std::to_string(i), items[i]);
    return array;
}

std::vector<std::string> stringsOf(const Document& doc, const std::string& name) {
    std::vector<std::string> out;
    auto element = doc.get(name);
    if (element.isNull()) return out;
    auto array = mongo::subDocument(doc, name);
    if (!array) return out;
    for (const auto& item : mongo::elementsOf(*array))
        if (const auto* s = mongo::as<std::string>(item)) out.push_back(s->value());
    return out;
}

double numberOf(const Document& doc, const std::string& name) {
    auto element = doc.get(name);
    if (const auto* d = mongo::as<double>(element)) return d->value();
    if (auto n = mongo::integerOf(element)) return static_cast<double>(*n);
    return 0;
}

std::int64_t integerField(const Document& doc, const std::string& name) {
    return mongo::integerOf(doc.get(name)).value_or(0);
}

bool boolOf(const Document& doc, const std::string& name, bool def) {
    if (const auto* b = mongo::as<bool>(doc.get(name))) return b->value();
    return def;
}

std::string stringOf(const Document& doc, const std::string& name) {
    if (const auto* s = mongo::as<std::string>(doc.get(name))) return s->value();
    return {};
}

std::int64_t dateOf(const Document& doc, const std::string& name) {
    auto element = doc.get(name);
    if (const auto* t = mongo::as<Poco::Timestamp>(element)) return t->value().epochMicroseconds() / 1000;
    return mongo::integerOf(element).value_or(0);
}

Product fromDocument(const Document& doc) {
    Product p;
    auto id = doc.get("_id");
    if (const auto* oid = mongo::as<Poco::MongoDB::ObjectId::Ptr>(id)) p.id = oid->value()->toString();
    else if (const auto* s = mongo::as<std::string>(id)) p.id = s->value();
    p.name = stringOf(doc, "name");
    p.description = stringOf(doc, "description");
    p.price = numberOf(doc, "price");
    p.stock = integerField(doc, "stock");
    p.category = stringOf(doc, "category");
    p.images = stringsOf(doc, "images");
    p.isActive = boolOf(doc, "isActive", true);
    p.isWishlistStatus = boolOf(doc, "isWishlistStatus", false);
    p.wishlistCount = integerField(doc, "wishlistCount");
    p.createdAt = dateOf(doc, "createdAt");
    p.updatedAt = dateOf(doc, "updatedAt");
    return p;
}

Document::Ptr toDocument(const Product& p) {
    Document::Ptr doc = new Document;
    doc->add("_id", objectId(p.id))
        .add("name", p.name)
        .add("description", p.description)
        .add("price", p.price)
        .add("stock", static_cast<Poco::Int64>(p.stock))
        .add("category", p.category)
        .add("images", stringArray(p.images))
        .add("isActive", p.isActive)
        .add("isWishlistStatus", p.isWishlistStatus)
        .add("wishlistCount", static_cast<Poco::Int64>(p.wishlistCount))
        .add("createdAt", timestampOf(p.createdAt))
        .add("updatedAt", timestampOf(p.updatedAt))
        .add("searchWords", stringArray(searchWords(p.description)));
    return doc;
}

Document::Ptr filterOf(const ProductFilter& f) {
    Document::Ptr filter = new Document;
    if (f.category) filter->add("category", *f.category);
    if (!f.searchWords.empty()) filter->addNewDocument("searchWords").add("$in", stringArray(f.searchWords));
    if (f.isActive) filter->add("isActive", *f.isActive);
    if (f.isWishlistStatus) filter->add("isWishlistStatus", *f.isWishlistStatus);
    if (f.priceRange)
        filter->addNewDocument("price").add("$gte", f.priceRange->first).add("$lte", f.priceRange->second);
    return filter;
}

Document::Ptr byId(const std::string& id) {
    Document::Ptr filter = new Document;
    filter->add("_id", objectId(id));
    return filter;
}

std::string lower(std::string text) {
    for (auto& c : text)
        if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
    return text;
}

// Every client failure is the store's unavailability to the API: 503.
template <typename F>
auto guarded(F&& body) {
    try {
        return body();
    } catch (const mongo::MongoError& e) {
        throw StoreUnavailable(std::string("MongoDB: ") + e.what());
    } catch (const Poco::Exception& e) {
        throw StoreUnavailable("MongoDB: " + e.displayText());
    }
}

} // namespace

MongoProductStore::MongoProductStore(mongo::ConnectionPool& pool, std::string collection)
    : pool_(pool), collection_(std::move(collection)) {}

MongoProductStore::~MongoProductStore() = default;

void MongoProductStore::prepare() {
    guarded([&] {
        auto index = [](std::initializer_list<const char*> fields) {
            mongo::IndexSpec spec;
            spec.keys = new Document;
            for (const char* f : fields) spec.keys->add(f, 1);
            return spec;
        };
        pool_.collection(collection_)
            .createIndexes({index({"category", "createdAt", "_id"}), index({"isActive", "createdAt", "_id"}),
                            index({"isWishlistStatus", "createdAt", "_id"}), index({"price"}),
                            index({"createdAt", "_id"}),
                            // Multikey; with the list order after it, a search page is
                            // read in order from the index ranges of its words.
                            index({"searchWords", "createdAt", "_id"})});
        // Documents written by other tools (the reference implementation's catalogue)
        // have no search index field yet: give them one, once.
        auto collection = pool_.collection(collection_);
        mongo::FindOptions missing;
        missing.filter = new Document;
        missing.filter->addNewDocument("searchWords").add("$exists", false);
        missing.projection = new Document;
        missing.projection->add("description", 1);
        for (const auto& doc : collection.find(missing)) {
            Document filter;
            filter.addElement(doc->get("_id"));
            Document update;
            update.addNewDocument("$set").add("searchWords", stringArray(searchWords(stringOf(*doc, "description"))));
            collection.updateOne(filter, update);
        }
        return 0;
    });
}

void MongoProductStore::ping() {
    guarded([&] {
        pool_.ping();
        return 0;
    });
}

Product MongoProductStore::create(const NewProduct& in) {
    const Product p = newRecord(in);
    insertBatch({p});
    return p;
}

void MongoProductStore::insertBatch(const std::vector<Product>& products) {
    if (products.empty()) return;
    std::vector<Document::Ptr> documents;
    documents.reserve(products.size());
    for (const auto& p : products) documents.push_back(toDocument(p));
    guarded([&] {
        pool_.collection(collection_).insertMany(documents);
        return 0;
    });
}


std::vector<std::string> MongoProductStore::existingIds(const std::vector<std::string>& ids) {
    Poco::MongoDB::Array::Ptr oids = new Poco::MongoDB::Array;
    std::size_t n = 0;
    for (const auto& id : ids)
        if (mongo::ObjectId::isValid(id)) oids->add(std::to_string(n++), objectId(lower(id)));
    if (n == 0) return {};
    return guarded([&] {
        mongo::FindOptions options;
        options.filter = new Document;
        options.filter->addNewDocument("_id").add("$in", oids);
        options.projection = new Document;
        options.projection->add("_id", 1);
        std::vector<std::string> found;
        for (const auto& doc : pool_.collection(collection_).find(options)) found.push_back(fromDocument(*doc).id);
        return found;
    });
}

std::optional<Product> MongoProductStore::findById(const std::string& id) {
    if (!mongo::ObjectId::isValid(id)) return std::nullopt;
    return guarded([&]() -> std::optional<Product> {
        auto doc = pool_.collection(collection_).findOne(byId(lower(id)));
        if (!doc) return std::nullopt;
        return fromDocument(*doc);
    });
}

std::vector<Product> MongoProductStore::find(const ProductFilter& filter, std::int64_t skip,
                                             std::int64_t limit) {
    return guarded([&] {
        mongo::FindOptions options;
        options.filter = filterOf(filter);
        options.sort = new Document;
        options.sort->add("createdAt", 1).add("_id", 1);
        options.skip = skip;
        options.limit = limit;
        std::vector<Product> out;
        for (const auto& doc : pool_.collection(collection_).find(options)) out.push_back(fromDocument(*doc));
        return out;
    });
}

std::int64_t MongoProductStore::count(const ProductFilter& filter) {
    const bool unfiltered = !filter.category && filter.searchWords.empty() && !filter.isActive &&
                            !filter.isWishlistStatus && !filter.priceRange;
    // The whole catalog's size from the collection's metadata; a filter is counted
    // exactly on its index.
    if (unfiltered) return guarded([&] { return pool_.collection(collection_).count(); });
    return guarded([&] { return pool_.collection(collection_).countDocuments(filterOf(filter)); });
}

std::optional<Product> MongoProductStore::update(const std::string& id, const ProductPatch& patch) {
    if (patch.empty()) return findById(id);
    if (!mongo::ObjectId::isValid(id)) return std::nullopt;
    Document update;
    Document& set = update.addNewDocument("$set");
    if (patch.name) set.add("name", *patch.name);
    if (patch.description) {
        set.add("description", *patch.description);
        set.add("searchWords", stringArray(searchWords(*patch.description)));
    }
    if (patch.price) set.add("price", *patch.price);
    if (patch.stock) set.add("stock", static_cast<Poco::Int64>(*patch.stock));
    if (patch.category) set.add("category", *patch.category);
    if (patch.images) set.add("images", stringArray(*patch.images));
    if (patch.isActive) set.add("isActive", *patch.isActive);
    if (patch.isWishlistStatus) {
        set.add("isWishlistStatus", *patch.isWishlistStatus);
        set.add("wishlistCount", static_cast<Poco::Int64>(*patch.isWishlistStatus ? 1 : 0));
    }
    set.add("updatedAt", timestampOf(nowMs()));
    return guarded([&]() -> std::optional<Product> {
        auto doc = pool_.collection(collection_).findOneAndUpdate(*byId(lower(id)), update);
        if (!doc) return std::nullopt;
        return fromDocument(*doc);
    });
}

bool MongoProductStore::remove(const std::string& id) {
    if (!mongo::ObjectId::isValid(id)) return false;
    return guarded([&] { return pool_.collection(collection_).deleteOne(*byId(lower(id))) > 0; });
}

} // namespace jollyjet::products

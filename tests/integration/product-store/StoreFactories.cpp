#include "StoreFactories.h"

#include "TestEnv.h"
#include "jollyjet/sqlite/Database.h"
#include "store/SqliteProductStore.h"
#include "store/MongoProductStore.h"
#include "ProductStack.h"
#include "jollyjet/mongo/Collection.h"
#include "jollyjet/mongo/ConnectionPool.h"

#include <cstdlib>
#include <random>

using namespace jollyjet;
using namespace jollyjet::products;

namespace {

/// A store together with what it runs on, destroyed in the right order.
template <typename Resources, typename Store>
class Owning : public ProductStore {
public:
    template <typename Make>
    Owning(std::unique_ptr<Resources> resources, Make make)
        : resources_(std::move(resources)), store_(make(*resources_)) {}
    std::string name() const override { return store_->name(); }
    void prepare() override { store_->prepare(); }
    void ping() override { store_->ping(); }
    Product create(const NewProduct& p) override { return store_->create(p); }
    void insertBatch(const std::vector<Product>& products) override { store_->insertBatch(products); }
    std::vector<std::string> existingIds(const std::vector<std::string>& ids) override {
        return store_->existingIds(ids);
    }
    std::optional<Product> findById(const std::string& id) override { return store_->findById(id); }
    std::vector<Product> find(const ProductFilter& f, std::int64_t s, std::int64_t l) override {
        return store_->find(f, s, l);
    }
    std::int64_t count(const ProductFilter& f) override { return store_->count(f); }
    std::optional<Product> update(const std::string& id, const ProductPatch& p) override {
        return store_->update(id, p);
    }
    bool remove(const std::string& id) override { return store_->remove(id); }

private:
    std::unique_ptr<Resources> resources_;
    std::unique_ptr<Store> store_;
};

struct SqliteResources {
    test::TempDir dir;
    sqlite::Database database{dir.path() + "/products.db", 4};
};

/// The wire test server, or the real server of MONGODB_URI; a fresh collection each.
/// Over TLS always the wire test server (with the test certificates).
struct MongoResources {
    explicit MongoResources(bool tls) {
        if (const char* env = std::getenv("MONGODB_URI"); env && *env && !tls) {
            pool = std::make_unique<mongo::ConnectionPool>(env);
        } else {
            server = std::make_unique<test::MongoTestServer>(tls);
            pool = std::make_unique<mongo::ConnectionPool>(server->uri("jollyjet_test"));
        }
        collection = "products_" + std::to_string(std::random_device{}());
    }
    ~MongoResources() {
        try {
            pool->collection(collection).drop();
        } catch (...) {
        }
    }
    std::unique_ptr<test::MongoTestServer> server;
    std::unique_ptr<mongo::ConnectionPool> pool;
    std::string collection;
};

} // namespace

std::vector<std::string> storeNames() {
    std::vector<std::string> names = {"sqlite"};
    if (test::MongoTestServer::available() || std::getenv("MONGODB_URI")) names.push_back("mongo");
    if (test::MongoTestServer::available()) names.push_back("mongo_tls");
    return names;
}

std::unique_ptr<ProductStore> makeStore(const std::string& name) {
    if (name == "sqlite")
        return std::make_unique<Owning<SqliteResources, SqliteProductStore>>(
            std::make_unique<SqliteResources>(),
            [](SqliteResources& r) { return std::make_unique<SqliteProductStore>(r.database); });
    if (name == "mongo" || name == "mongo_tls")
        return std::make_unique<Owning<MongoResources, MongoProductStore>>(
            std::make_unique<MongoResources>(name == "mongo_tls"), [](MongoResources& r) {
                return std::make_unique<MongoProductStore>(*r.pool, r.collection);
            });
    return nullptr;
}

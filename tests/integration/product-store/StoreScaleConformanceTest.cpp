// Batch writes, list order under crowded milliseconds, and counts that follow every
// write: the parts of the stores that keep large catalogs fast must not change what
// they answer. Runs on every store, like StoreConformanceTest.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "StoreFactories.h"
#include "jollyjet/mongo/ObjectId.h"
#include "store/SearchWords.h"

using namespace jollyjet::products;

namespace {

Product record(const std::string& id, std::int64_t createdAt, const std::string& description,
               const std::string& category = "C") {
    Product p;
    p.id = id;
    p.name = "P " + id.substr(18);
    p.description = description;
    p.price = static_cast<double>(createdAt % 100);
    p.stock = 1;
    p.category = category;
    p.createdAt = createdAt;
    p.updatedAt = createdAt + 1;
    return p;
}

std::string hexId(int n) {
    char buf[25];
    std::snprintf(buf, sizeof buf, "65a1b2c3d4e5f6a7b8%06x", n);
    return buf;
}

std::vector<std::string> ids(const std::vector<Product>& products) {
    std::vector<std::string> out;
    for (const auto& p : products) out.push_back(p.id);
    return out;
}

std::vector<std::string> listOrder(std::vector<Product> products) {
    std::sort(products.begin(), products.end(), [](const Product& a, const Product& b) {
        return a.createdAt != b.createdAt ? a.createdAt < b.createdAt : a.id < b.id;
    });
    return ids(products);
}

ProductFilter searchFor(const std::string& text) {
    ProductFilter f;
    f.searchWords = searchWords(text);
    return f;
}

class StoreScale : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        store = makeStore(GetParam());
        if (!store) GTEST_SKIP() << GetParam() << " store is not available in this build";
        store->prepare();
    }
    std::unique_ptr<ProductStore> store;
};

} // namespace

TEST_P(StoreScale, InsertBatchKeepsRecordsAsGiven) {
    auto a = record(hexId(1), 1704164645678, "An imported lamp");
    a.isActive = false;
    a.isWishlistStatus = true;
    a.wishlistCount = 7;
    a.images = {"https://example.com/a.png"};
    const auto b = record(hexId(2), 1604164645678, "An older imported chair");
    store->insertBatch({a, b});
    EXPECT_EQ(store->findById(a.id), a);
    EXPECT_EQ(store->findById(b.id), b);
    EXPECT_EQ(ids(store->find({}, 0, 10)), (std::vector<std::string>{b.id, a.id}));
    EXPECT_EQ(ids(store->find(searchFor("imported"), 0, 10)), (std::vector<std::string>{b.id, a.id}));
    // A product created through the API comes after both (createdAt = now).
    NewProduct n;
    n.name = "New";
    n.description = "A new imported-looking lamp";
    n.price = 1;
    n.stock = 1;
    n.category = "C";
    const auto created = store->create(n);
    EXPECT_EQ(ids(store->find(searchFor("lamp"), 0, 10)), (std::vector<std::string>{a.id, created.id}));
}

TEST_P(StoreScale, ExistingIdsNamesTheStoredOnes) {
    store->insertBatch({record(hexId(1), 1704164645678, "one"), record(hexId(2), 1704164645679, "two")});
    auto found = store->existingIds({hexId(2), hexId(3), hexId(1), "not-an-id"});
    std::sort(found.begin(), found.end());
    EXPECT_EQ(found, (std::vector<std::string>{hexId(1), hexId(2)}));
    EXPECT_TRUE(store->existingIds({}).empty());
}

// Many products in one millisecond, written in an order unlike their ids (descending,
// then shuffled): the list and the search still come in (createdAt, id) order.
TEST_P(StoreScale, CrowdedMillisecondKeepsListOrder) {
    const std::int64_t ms = 1700000000000;
    std::vector<Product> all;
    for (int i = 300; i > 0; --i) all.push_back(record(hexId(i), ms, i % 2 ? "odd lamp" : "even chair"));
    for (int i = 0; i < 50; ++i) all.push_back(record(hexId(1000 + i), ms + (i % 3) - 1, "neighbour lamp"));
    std::vector<Product> shuffled(all.begin() + 150, all.end());
    std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937(7));
    // One at a time (each its own transaction) for the first half, a batch for the rest.
    for (int i = 0; i < 150; ++i) store->insertBatch({all[static_cast<std::size_t>(i)]});
    store->insertBatch(shuffled);

    EXPECT_EQ(ids(store->find({}, 0, 1000)), listOrder(all));
    std::vector<Product> lamps;
    for (const auto& p : all)
        if (p.description.find("lamp") != std::string::npos) lamps.push_back(p);
    EXPECT_EQ(ids(store->find(searchFor("lamp"), 0, 1000)), listOrder(lamps));
    EXPECT_EQ(store->count(searchFor("lamp")), static_cast<std::int64_t>(lamps.size()));
    // Pages of the search agree with the whole.
    std::vector<Product> paged;
    for (int skip = 0; skip < 250; skip += 7) {
        auto page = store->find(searchFor("LAMP"), skip, 7);
        paged.insert(paged.end(), page.begin(), page.end());
    }
    EXPECT_EQ(ids(paged), listOrder(lamps));
    // Every record reads back unchanged after the renumbering the crowding caused.
    for (const auto& p : all) EXPECT_EQ(store->findById(p.id), p) << p.id;
}

// Every count shape equals the length of its list after creates, updates of the
// counted fields, and deletes.
TEST_P(StoreScale, CountsFollowEveryWrite) {
    std::vector<Product> made;
    for (int i = 0; i < 24; ++i) {
        NewProduct n;
        n.name = "Item " + std::to_string(i);
        n.description = i % 3 ? "a red lamp" : "a blue chair";
        n.price = i;
        n.stock = 2;
        n.category = i % 2 ? "Home" : "Books";
        made.push_back(store->create(n));
    }
    ProductPatch moved;
    moved.category = "Garden";
    store->update(made[0].id, moved);
    ProductPatch off;
    off.isActive = false;
    store->update(made[1].id, off);
    store->update(made[2].id, off);
    ProductPatch wish;
    wish.isWishlistStatus = true;
    store->update(made[3].id, wish);
    ProductPatch both;
    both.category = "Home";
    both.isActive = false;
    both.isWishlistStatus = true;
    store->update(made[4].id, both);
    ProductPatch text;
    text.description = "now a green lamp";
    store->update(made[6].id, text);
    store->remove(made[5].id);
    store->remove(made[7].id);
    EXPECT_FALSE(store->remove(made[7].id));

    for (const char* category : {"", "Home", "Books", "Garden", "None"}) {
        for (int active = -1; active <= 1; ++active) {
            for (int wished = -1; wished <= 1; ++wished) {
                for (const char* search : {"", "lamp", "chair green"}) {
                    for (bool priced : {false, true}) {
                        ProductFilter f;
                        if (*category) f.category = category;
                        if (active >= 0) f.isActive = active == 1;
                        if (wished >= 0) f.isWishlistStatus = wished == 1;
                        if (*search) f.searchWords = searchWords(search);
                        if (priced) f.priceRange = std::make_pair(3.0, 17.0);
                        EXPECT_EQ(store->count(f), static_cast<std::int64_t>(store->find(f, 0, 100).size()))
                            << category << " " << active << " " << wished << " " << search << " " << priced;
                    }
                }
            }
        }
    }
    EXPECT_EQ(store->count({}), 22);
}

INSTANTIATE_TEST_SUITE_P(Stores, StoreScale, ::testing::ValuesIn(storeNames()),
                         [](const auto& info) { return info.param; });

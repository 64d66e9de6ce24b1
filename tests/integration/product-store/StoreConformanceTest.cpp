// One suite, every ProductStore implementation: they must answer identically.
#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include "StoreFactories.h"
#include "store/SearchWords.h"

using namespace jollyjet::products;

namespace {

NewProduct item(const std::string& name, const std::string& description, double price,
                const std::string& category, std::int64_t stock = 5, bool active = true) {
    NewProduct p;
    p.name = name;
    p.description = description;
    p.price = price;
    p.stock = stock;
    p.category = category;
    p.isActive = active;
    return p;
}

ProductPatch renamed(const std::string& name) {
    ProductPatch p;
    p.name = name;
    return p;
}

ProductFilter searchFor(const std::string& text) {
    ProductFilter f;
    f.searchWords = searchWords(text);
    if (f.searchWords.empty()) f.searchWords.push_back("");
    return f;
}

std::vector<std::string> names(const std::vector<Product>& products) {
    std::vector<std::string> out;
    for (const auto& p : products) out.push_back(p.name);
    return out;
}

class StoreConformance : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        store = makeStore(GetParam());
        if (!store) GTEST_SKIP() << GetParam() << " store is not available in this build";
        store->prepare();
        store->prepare(); // idempotent
    }
    // A small catalogue with a known shape.
    void seed() {
        lamp = store->create(item("Desk Lamp", "A bright lamp for the desk", 19.99, "Home"));
        chair = store->create(item("Chair", "Comfortable office chair, red", 89.5, "Home"));
        book = store->create(item("Novel", "A gripping story about a lamp-lighter", 12, "Books"));
        books = store->create(item("Atlas", "Maps of the world 100% complete", 45, "books"));
        hidden = store->create(item("Old Lamp", "An old lamp, out of stock", 5, "Home", 3, false));
    }
    std::unique_ptr<ProductStore> store;
    Product lamp, chair, book, books, hidden;
};

} // namespace

TEST_P(StoreConformance, CreateAssignsIdAndTimestamps) {
    auto p = item("Lamp", "A bright desk lamp", 19.99, "Home");
    p.images = {"https://cdn.test/a.png", "https://cdn.test/b.png"};
    const auto created = store->create(p);
    EXPECT_EQ(created.id.size(), 24u);
    EXPECT_TRUE(std::all_of(created.id.begin(), created.id.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    })) << created.id;
    EXPECT_GT(created.createdAt, 1600000000000);
    EXPECT_EQ(created.createdAt, created.updatedAt);
    EXPECT_EQ(created.wishlistCount, 0);
    EXPECT_FALSE(created.isWishlistStatus);
    auto found = store->findById(created.id);
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(*found, created);
    EXPECT_EQ(found->images, p.images);
}

TEST_P(StoreConformance, UnknownIdsAndCaseOfIds) {
    EXPECT_FALSE(store->findById("0123456789abcdef01234567").has_value());
    const auto created = store->create(item("Lamp", "A bright desk lamp", 1, "Home"));
    std::string upper = created.id;
    std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
    EXPECT_TRUE(store->findById(upper).has_value());
    EXPECT_FALSE(store->update("0123456789abcdef01234567", renamed("X")).has_value());
    EXPECT_FALSE(store->remove("0123456789abcdef01234567"));
}

TEST_P(StoreConformance, EveryFilterAloneAndCombined) {
    seed();
    ProductFilter home;
    home.category = "Home";
    EXPECT_EQ(names(store->find(home, 0, 100)), (std::vector<std::string>{"Desk Lamp", "Chair", "Old Lamp"}));
    ProductFilter lowerBooks;
    lowerBooks.category = "books"; // exact, case-sensitive
    EXPECT_EQ(names(store->find(lowerBooks, 0, 100)), (std::vector<std::string>{"Atlas"}));

    EXPECT_EQ(names(store->find(searchFor("LAMP"), 0, 100)), (std::vector<std::string>{"Desk Lamp", "Novel", "Old Lamp"}));
    EXPECT_TRUE(store->find(searchFor("lam"), 0, 100).empty()) << "whole words only";
    EXPECT_TRUE(store->find(searchFor("Chair"), 0, 100).size() == 1);
    EXPECT_TRUE(store->find(searchFor("Novel"), 0, 100).empty()) << "names are not searched";
    EXPECT_EQ(names(store->find(searchFor("maps red"), 0, 100)), (std::vector<std::string>{"Chair", "Atlas"}));

    ProductFilter inactive;
    inactive.isActive = false;
    EXPECT_EQ(names(store->find(inactive, 0, 100)), (std::vector<std::string>{"Old Lamp"}));
    ProductFilter active;
    active.isActive = true;
    EXPECT_EQ(store->count(active), 4);

    ProductFilter price;
    price.priceRange = std::make_pair(12.0, 45.0); // inclusive at both ends
    EXPECT_EQ(names(store->find(price, 0, 100)), (std::vector<std::string>{"Desk Lamp", "Novel", "Atlas"}));

    ProductFilter combined = searchFor("lamp");
    combined.category = "Home";
    combined.isActive = true;
    combined.priceRange = std::make_pair(0.0, 100.0);
    EXPECT_EQ(names(store->find(combined, 0, 100)), (std::vector<std::string>{"Desk Lamp"}));
    EXPECT_EQ(store->count(combined), 1);
}

TEST_P(StoreConformance, SearchTextIsDataNotSyntax) {
    seed();
    for (const char* text : {"%", "_", ".*", "lamp.*", "(", "[a-z]+", "' OR 1=1 --", "\\", "$where"}) {
        const auto words = searchWords(text);
        const auto found = store->find(searchFor(text), 0, 100);
        // Only literal words can match: "lamp.*" is the word "lamp", the others no word.
        if (words == std::vector<std::string>{"lamp"}) {
            EXPECT_EQ(found.size(), 3u) << text;
        } else if (words.empty()) {
            EXPECT_TRUE(found.empty()) << text;
        }
        EXPECT_EQ(store->count(searchFor(text)), static_cast<std::int64_t>(found.size())) << text;
    }
    EXPECT_EQ(names(store->find(searchFor("100"), 0, 100)), (std::vector<std::string>{"Atlas"}));
}

TEST_P(StoreConformance, PaginationEdgesAndCountMatchesTotal) {
    for (int i = 0; i < 7; ++i) store->create(item("Item " + std::to_string(i), "plain description text", i, "C"));
    ProductFilter all;
    EXPECT_EQ(store->count(all), 7);
    EXPECT_EQ(names(store->find(all, 0, 3)), (std::vector<std::string>{"Item 0", "Item 1", "Item 2"}));
    EXPECT_EQ(names(store->find(all, 6, 3)), (std::vector<std::string>{"Item 6"}));
    EXPECT_TRUE(store->find(all, 7, 3).empty());
    EXPECT_TRUE(store->find(all, 100, 10).empty());
    EXPECT_EQ(store->find(all, 0, 100).size(), 7u);
}

TEST_P(StoreConformance, SortIsCreatedAtThenIdAndStable) {
    std::vector<Product> created;
    for (int i = 0; i < 12; ++i) created.push_back(store->create(item("P" + std::to_string(i), "plain description text", 1, "C")));
    auto sorted = created;
    std::sort(sorted.begin(), sorted.end(), [](const Product& a, const Product& b) {
        return a.createdAt != b.createdAt ? a.createdAt < b.createdAt : a.id < b.id;
    });
    ProductFilter all;
    const auto first = store->find(all, 0, 100);
    ASSERT_EQ(first.size(), sorted.size());
    for (std::size_t i = 0; i < sorted.size(); ++i) EXPECT_EQ(first[i].id, sorted[i].id) << i;
    // Pages put together give the same order.
    std::vector<Product> paged;
    for (int skip = 0; skip < 12; skip += 5) {
        auto page = store->find(all, skip, 5);
        paged.insert(paged.end(), page.begin(), page.end());
    }
    ASSERT_EQ(paged.size(), first.size());
    for (std::size_t i = 0; i < paged.size(); ++i) EXPECT_EQ(paged[i].id, first[i].id);
}

TEST_P(StoreConformance, PartialUpdateChangesOnlyGivenFields) {
    const auto created = store->create(item("Lamp", "A bright desk lamp", 19.99, "Home", 10));
    std::this_thread::sleep_for(std::chrono::milliseconds(3));
    ProductPatch patch;
    patch.price = 25.5;
    patch.stock = 3;
    patch.images = std::vector<std::string>{"https://cdn.test/new.png"};
    patch.description = "Now a green reading lamp";
    const auto updated = store->update(created.id, patch);
    ASSERT_TRUE(updated.has_value());
    EXPECT_EQ(updated->name, "Lamp");
    EXPECT_DOUBLE_EQ(updated->price, 25.5);
    EXPECT_EQ(updated->stock, 3) << "stock replaces, it does not add";
    EXPECT_EQ(updated->images, std::vector<std::string>{"https://cdn.test/new.png"});
    EXPECT_EQ(updated->createdAt, created.createdAt);
    EXPECT_GT(updated->updatedAt, created.updatedAt);
    EXPECT_EQ(*store->findById(created.id), *updated);
    // The search index follows the new description.
    EXPECT_EQ(store->count(searchFor("green")), 1);
    EXPECT_EQ(store->count(searchFor("bright")), 0);
    // An empty patch changes nothing, updatedAt included.
    const auto same = store->update(created.id, ProductPatch{});
    ASSERT_TRUE(same.has_value());
    EXPECT_EQ(*same, *updated);
}

TEST_P(StoreConformance, WishlistSetsStatusAndCount) {
    const auto created = store->create(item("Lamp", "A bright desk lamp", 1, "Home"));
    ProductPatch on;
    on.isWishlistStatus = true;
    auto a = store->update(created.id, on);
    auto b = store->update(created.id, on);
    ASSERT_TRUE(a && b);
    EXPECT_TRUE(b->isWishlistStatus);
    EXPECT_EQ(b->wishlistCount, 1) << "a set, not an increment";
    ProductFilter wished;
    wished.isWishlistStatus = true;
    EXPECT_EQ(store->count(wished), 1);
    ProductPatch off;
    off.isWishlistStatus = false;
    auto c = store->update(created.id, off);
    EXPECT_FALSE(c->isWishlistStatus);
    EXPECT_EQ(c->wishlistCount, 0);
}

TEST_P(StoreConformance, DeleteRemovesOnce) {
    const auto created = store->create(item("Lamp", "A bright desk lamp", 1, "Home"));
    EXPECT_TRUE(store->remove(created.id));
    EXPECT_FALSE(store->remove(created.id));
    EXPECT_FALSE(store->findById(created.id).has_value());
    EXPECT_EQ(store->count(ProductFilter{}), 0);
}

TEST_P(StoreConformance, ConcurrentUpdatesOfDifferentFieldsLoseNothing) {
    const auto created = store->create(item("Lamp", "A bright desk lamp", 1, "Home", 1));
    constexpr int kRounds = 40;
    std::thread names([&] {
        for (int i = 1; i <= kRounds; ++i) store->update(created.id, renamed("Name " + std::to_string(i)));
    });
    std::thread stocks([&] {
        for (int i = 1; i <= kRounds; ++i) {
            ProductPatch p;
            p.stock = i;
            store->update(created.id, p);
        }
    });
    std::thread prices([&] {
        for (int i = 1; i <= kRounds; ++i) {
            ProductPatch p;
            p.price = i;
            store->update(created.id, p);
        }
    });
    names.join();
    stocks.join();
    prices.join();
    const auto final = store->findById(created.id);
    ASSERT_TRUE(final.has_value());
    EXPECT_EQ(final->name, "Name " + std::to_string(kRounds));
    EXPECT_EQ(final->stock, kRounds);
    EXPECT_DOUBLE_EQ(final->price, kRounds);
}

INSTANTIATE_TEST_SUITE_P(Stores, StoreConformance, ::testing::ValuesIn(storeNames()),
                         [](const auto& info) { return info.param; });

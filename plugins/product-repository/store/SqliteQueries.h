#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ProductStore.h"
#include "jollyjet/sqlite/Statements.h"

namespace jollyjet::products {

/// One SQL statement of the SQLite store with its parameters.
struct SqlQuery {
    std::string sql;
    std::vector<sqlite::Statement::Value> values;
};

/// The columns readRow expects, in order, from the table aliased `p`.
extern const char* const kProductColumns;

/// The page of `filter` in list order; nullopt when the filter can match nothing
/// (search text without a word). Search runs on products_fts in seq order, other
/// filters on the products indexes in seq order, so a page reads about skip + limit
/// index entries whatever the catalog's size. The SQL text depends only on which
/// filters are set, so each shape is prepared once per connection.
std::optional<SqlQuery> listQuery(const ProductFilter& filter, std::int64_t skip, std::int64_t limit);

/// How many products match `filter`; nullopt as above. Without search and price
/// range it sums product_counts; a one-word search alone reads search_word_counts;
/// other searches count on products_fts.
std::optional<SqlQuery> countQuery(const ProductFilter& filter);

/// The FTS5 query for `words`: each a quoted string (so it is data, never syntax),
/// OR-ed; empty when there is none.
std::string matchExpression(const std::vector<std::string>& words);

} // namespace jollyjet::products

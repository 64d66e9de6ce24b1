#pragma once

namespace jollyjet::sqlite {
class StatementCache;
}

namespace jollyjet::products {

/// Creates the SQLite store's tables, indexes and triggers if they are missing, in
/// one transaction, and brings a database of an earlier layout up to date (rows
/// kept). Idempotent; safe when several processes start at once.
///
/// Layout:
///   products         seq INTEGER PRIMARY KEY ordered as (createdAt, id) is (see
///                    SqliteOrderKey.h), so every list reads rows in seq order and
///                    stops after its page; indexes on category, isActive,
///                    isWishlistStatus (each ends in seq), price, (createdAt, id), id.
///   products_fts     FTS5 external-content index of products.searchWords (the
///                    description's search words, SearchWords.h) keyed by seq, with
///                    the `ascii` tokenizer, whose tokens are exactly those words.
///   product_counts   how many products each (category, isActive,
///                    isWishlistStatus) has, so counts without search or price
///                    range read a handful of rows.
///   search_word_counts  how many products have each search word, so the count
///                    of a one-word search alone is one row.
/// Triggers keep products_fts and both count tables in step (except the word counts
/// of an insert, which the store adds per batch in the same transaction) with products inside
/// the writing statement, so they commit or roll back with it.
void prepareSchema(sqlite::StatementCache& db);

} // namespace jollyjet::products

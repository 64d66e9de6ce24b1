#include "store/HttpCacheStore.h"

namespace jollyjet::httpcache {

// Out of line: one vtable, one type identity, in this library.
HttpCacheStore::~HttpCacheStore() = default;

} // namespace jollyjet::httpcache

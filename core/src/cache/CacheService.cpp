#include "jollyjet/cache/CacheService.h"

namespace jollyjet::cache {

CacheError::~CacheError() = default;
WriteRefused::~WriteRefused() = default;
CacheService::~CacheService() = default;

const char* toString(Source source) {
    switch (source) {
    case Source::Hit: return "hit";
    case Source::Stale: return "stale";
    case Source::Loaded: return "miss";
    case Source::Coalesced: return "coalesced";
    case Source::Bypass: return "bypass";
    }
    return "unknown";
}

} // namespace jollyjet::cache

#include "jollyjet/cache/StoredEntry.h"

#include "Envelope.h"

namespace jollyjet::cache {

std::optional<StoredEntry> StoredEntry::decode(const std::string& stored) {
    auto entry = envelope::decode(stored);
    if (!entry) return std::nullopt;
    return StoredEntry{std::move(entry->value), entry->logicalExpiryMs};
}

} // namespace jollyjet::cache

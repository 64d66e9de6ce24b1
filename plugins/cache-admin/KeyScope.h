#pragma once

#include <string>

namespace jollyjet::admin {

/// The part of the key space the admin routes may touch: keys under this server's
/// prefix, and nothing else, because the Redis database may be shared with other
/// environments and applications.
///
/// Operators give keys and patterns as Redis shows them (and as cacheInfo.cacheKey
/// reports them): with the prefix. Anything that does not start with the prefix,
/// literally, is refused with HttpError 400, so "jollyjet:*" or "*" cannot widen an
/// invalidation past "jollyjet:dev:". What is returned is relative to the prefix, the
/// form CacheService takes (it puts the prefix back). With an empty prefix every
/// key is in scope.
class KeyScope {
public:
    explicit KeyScope(std::string prefix) : prefix_(std::move(prefix)) {}

    const std::string& prefix() const { return prefix_; }

    /// A single key ("jollyjet:dev:product:42" -> "product:42").
    std::string key(const std::string& full) const;
    /// A glob pattern ("jollyjet:dev:products:*" -> "products:*").
    std::string pattern(const std::string& full) const;
    /// The full key of a relative one, for answers.
    std::string full(const std::string& relative) const { return prefix_ + relative; }

private:
    std::string relative(const std::string& full, const char* what) const;
    std::string prefix_;
};

} // namespace jollyjet::admin

#include "Envelope.h"

#include <charconv>
#include <chrono>
#include <string_view>

namespace jollyjet::cache::envelope {

namespace {
constexpr std::string_view kHead = "{\"jj\":1,\"exp\":";
constexpr std::string_view kValue = ",\"v\":";
constexpr std::string_view kNotFound = ",\"nf\":true}";
} // namespace

std::string encode(const std::optional<std::string>& value, std::int64_t logicalExpiryMs) {
    std::string out;
    out.reserve(kHead.size() + 24 + (value ? value->size() : 0));
    out += kHead;
    out += std::to_string(logicalExpiryMs);
    if (value) {
        out += kValue;
        out += *value;
        out += '}';
    } else {
        out += kNotFound;
    }
    return out;
}

std::optional<Entry> decode(const std::string& stored) {
    std::string_view text(stored);
    if (!text.starts_with(kHead)) return std::nullopt;
    text.remove_prefix(kHead.size());
    Entry entry;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), entry.logicalExpiryMs);
    if (ec != std::errc()) return std::nullopt;
    text.remove_prefix(static_cast<std::size_t>(ptr - text.data()));
    if (text == kNotFound) return entry;
    if (!text.starts_with(kValue) || !text.ends_with('}')) return std::nullopt;
    text.remove_prefix(kValue.size());
    text.remove_suffix(1);
    entry.value = std::string(text);
    return entry;
}

std::int64_t nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

} // namespace jollyjet::cache::envelope

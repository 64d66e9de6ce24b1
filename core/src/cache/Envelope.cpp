#include "Envelope.h"

#include <charconv>
#include <chrono>
#include <string_view>

namespace jollyjet::cache::envelope {

namespace {
constexpr std::string_view kHead = "{\"jj\":1,\"exp\":";
constexpr std::string_view kClock = ",\"tc\":";
constexpr std::string_view kTags = ",\"tg\":\"";
constexpr std::string_view kValue = ",\"v\":";
constexpr std::string_view kNotFound = ",\"nf\":true}";

bool readInt(std::string_view& text, std::int64_t& out) {
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    if (ec != std::errc()) return false;
    text.remove_prefix(static_cast<std::size_t>(ptr - text.data()));
    return true;
}
} // namespace

std::string encode(const std::optional<std::string>& value, std::int64_t logicalExpiryMs,
                   std::int64_t tagClock, const std::vector<std::string>& tags) {
    std::string out;
    out.reserve(kHead.size() + 24 + (value ? value->size() : 0) + tags.size() * 32);
    out += kHead;
    out += std::to_string(logicalExpiryMs);
    if (!tags.empty()) {
        out += kClock;
        out += std::to_string(tagClock);
        out += kTags;
        for (std::size_t i = 0; i < tags.size(); ++i) {
            if (i) out += ' ';
            out += tags[i];
        }
        out += '"';
    }
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
    if (!readInt(text, entry.logicalExpiryMs)) return std::nullopt;
    if (text.starts_with(kClock)) {
        text.remove_prefix(kClock.size());
        if (!readInt(text, entry.tagClock) || !text.starts_with(kTags)) return std::nullopt;
        text.remove_prefix(kTags.size());
        const auto end = text.find('"');
        if (end == std::string_view::npos) return std::nullopt;
        std::string_view list = text.substr(0, end);
        text.remove_prefix(end + 1);
        while (!list.empty()) {
            const auto space = list.find(' ');
            const auto tag = list.substr(0, space);
            if (!tag.empty()) entry.tags.emplace_back(tag);
            if (space == std::string_view::npos) break;
            list.remove_prefix(space + 1);
        }
    }
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

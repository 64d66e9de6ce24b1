// Feeds the HTTP request parser the same bytes three ways: whole, byte by byte, and
// split at points taken from the input itself. Every way must give the same
// requests and the same error; no input may crash it or make it loop.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "RequestParser.h"

using jollyjet::host::ParsedRequest;
using jollyjet::host::ParserLimits;
using jollyjet::host::RequestParser;

namespace {

struct Result {
    std::vector<std::string> requests; // method, target, headers and body, flattened
    int error = 0;
    bool operator==(const Result& other) const = default;
};

std::string flatten(const ParsedRequest& r) {
    std::string out = r.method + ' ' + r.target + ' ' + std::to_string(r.versionMinor) + (r.keepAlive ? "k" : "c");
    for (const auto& [name, value] : r.headers) out += '\n' + name + ':' + value;
    return out + "\n\n" + r.body;
}

Result run(const std::string& bytes, const std::vector<std::size_t>& steps) {
    ParserLimits limits;
    limits.maxUriBytes = 512;
    limits.maxHeaderBytes = 2048;
    limits.maxBodyBytes = 4096;
    RequestParser parser(limits);
    Result result;
    std::string pending;
    std::size_t offset = 0;
    std::size_t step = 0;
    while (offset < bytes.size() || !pending.empty()) {
        std::size_t n = bytes.size() - offset;
        if (!steps.empty()) n = std::min(n, steps[step++ % steps.size()]);
        pending.append(bytes, offset, n);
        offset += n;
        std::size_t used = 0;
        const auto state = parser.feed(pending.data(), pending.size(), used);
        if (used > pending.size()) std::abort();
        pending.erase(0, used);
        if (state == RequestParser::State::Error) {
            result.error = parser.errorStatus();
            if (result.error < 400 || result.error > 505) std::abort();
            return result;
        }
        if (state == RequestParser::State::Complete) {
            result.requests.push_back(flatten(parser.take()));
            if (parser.upgraded()) return result;
            continue;
        }
        if (offset >= bytes.size()) break;
    }
    return result;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    // The first two bytes choose the split sizes; the rest is the stream.
    std::vector<std::size_t> splits = {static_cast<std::size_t>(data[0] % 31 + 1),
                                       static_cast<std::size_t>(data[1] % 7 + 1)};
    const std::string bytes(reinterpret_cast<const char*>(data + 2), size - 2);
    const Result whole = run(bytes, {});
    const Result byByte = run(bytes, {1});
    const Result split = run(bytes, splits);
    if (!(whole == byByte) || !(whole == split)) std::abort();
    return 0;
}

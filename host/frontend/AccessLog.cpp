#include "AccessLog.h"

#include <cstdio>

namespace jollyjet::host {

namespace {

void appendQuoted(std::string& out, std::string_view text) {
    out += '"';
    for (unsigned char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c < 0x20 || c == 0x7f) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\x%02x", c);
            out += escaped;
        } else {
            out += static_cast<char>(c);
        }
    }
    out += '"';
}

} // namespace

std::string AccessLog::format(const AccessRecord& r) {
    std::string line;
    line.reserve(128 + r.target.size());
    line += "method=";
    appendQuoted(line, r.method);
    line += " path=";
    appendQuoted(line, r.target.substr(0, r.target.find('?')));
    char numbers[96];
    std::snprintf(numbers, sizeof numbers, " status=%d bytes=%zu ms=%.3f client=", r.status, r.bytes,
                  r.durationMs);
    line += numbers;
    appendQuoted(line, r.client);
    line += " cache=";
    appendQuoted(line, r.layer.empty() ? std::string_view("-") : r.layer);
    return line;
}

void AccessLog::write(const AccessRecord& record) const {
    if (logger_) logger_->info("{}", format(record));
}

} // namespace jollyjet::host

#include "Glob.h"

namespace jollyjet::cache::glob {

namespace {

// Returns whether the class at pattern[p] (just after '[') matches c, and moves p
// past the closing ']'.
bool matchClass(std::string_view pattern, std::size_t& p, char c) {
    bool negate = false;
    if (p < pattern.size() && pattern[p] == '^') {
        negate = true;
        ++p;
    }
    bool found = false;
    while (p < pattern.size() && pattern[p] != ']') {
        if (pattern[p] == '\\' && p + 1 < pattern.size()) {
            ++p;
            if (pattern[p] == c) found = true;
            ++p;
        } else if (p + 2 < pattern.size() && pattern[p + 1] == '-' && pattern[p + 2] != ']') {
            char lo = pattern[p], hi = pattern[p + 2];
            if (lo > hi) std::swap(lo, hi);
            if (c >= lo && c <= hi) found = true;
            p += 3;
        } else {
            if (pattern[p] == c) found = true;
            ++p;
        }
    }
    if (p < pattern.size()) ++p; // the ']'
    return negate ? !found : found;
}

} // namespace

bool matches(std::string_view pattern, std::string_view text) {
    std::size_t p = 0, t = 0;
    std::size_t starP = std::string_view::npos, starT = 0;
    while (t < text.size()) {
        if (p < pattern.size()) {
            const char pc = pattern[p];
            if (pc == '*') {
                starP = ++p;
                starT = t;
                continue;
            }
            if (pc == '?') {
                ++p;
                ++t;
                continue;
            }
            if (pc == '[') {
                std::size_t q = p + 1;
                if (matchClass(pattern, q, text[t])) {
                    p = q;
                    ++t;
                    continue;
                }
            } else if (pc == '\\' && p + 1 < pattern.size()) {
                if (pattern[p + 1] == text[t]) {
                    p += 2;
                    ++t;
                    continue;
                }
            } else if (pc == text[t]) {
                ++p;
                ++t;
                continue;
            }
        }
        // Mismatch: let the last '*' swallow one more character.
        if (starP == std::string_view::npos) return false;
        p = starP;
        t = ++starT;
    }
    while (p < pattern.size() && pattern[p] == '*') ++p;
    return p == pattern.size();
}

std::string escape(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') out += '\\';
        out += c;
    }
    return out;
}

} // namespace jollyjet::cache::glob

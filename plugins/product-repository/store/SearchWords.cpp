#include "SearchWords.h"

#include <algorithm>

#include <Poco/Exception.h>
#include <Poco/UTF8String.h>

namespace jollyjet::products {

namespace {
bool isWordByte(unsigned char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}
} // namespace

std::vector<std::string> searchWords(std::string_view text) {
    std::vector<std::string> words;
    std::string word;
    auto flush = [&] {
        if (word.empty()) return;
        // Non-ASCII letters fold too ("Éclair" is found by "éclair"); text that is not
        // valid UTF-8 keeps its bytes.
        try {
            Poco::UTF8::toLowerInPlace(word);
        } catch (const Poco::Exception&) {
        }
        if (std::find(words.begin(), words.end(), word) == words.end()) words.push_back(word);
        word.clear();
    };
    for (unsigned char c : text) {
        if (isWordByte(c)) {
            word += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
        } else {
            flush();
        }
    }
    flush();
    return words;
}

} // namespace jollyjet::products

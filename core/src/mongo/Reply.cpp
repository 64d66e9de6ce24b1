#include "jollyjet/mongo/Reply.h"

#include "jollyjet/mongo/Errors.h"

namespace jollyjet::mongo {

namespace {

[[noreturn]] void raise(int code, const std::string& codeName, const std::string& errmsg) {
    if (code == 11000 || code == 11001) throw DuplicateKeyError(code, codeName, errmsg);
    throw CommandError(code, codeName, errmsg);
}

// writeErrors entries have no codeName on older servers; name the one callers care about.
std::string codeNameOf(const Document& error, int code) {
    std::string name = stringField(error, "codeName");
    if (name.empty() && (code == 11000 || code == 11001)) name = "DuplicateKey";
    return name;
}

} // namespace

void throwIfError(const Document& reply) {
    if (!isOk(reply)) {
        const int code = static_cast<int>(integerField(reply, "code", 0));
        std::string errmsg = stringField(reply, "errmsg");
        if (errmsg.empty()) errmsg = "command failed without an errmsg";
        raise(code, stringField(reply, "codeName"), errmsg);
    }
    if (const Document::Ptr writeErrors = subDocument(reply, "writeErrors")) {
        const auto errors = documentsOf(*writeErrors);
        if (!errors.empty()) {
            const Document& first = *errors.front();
            const int code = static_cast<int>(integerField(first, "code", 0));
            std::string errmsg = stringField(first, "errmsg");
            if (errors.size() > 1) errmsg += " (and " + std::to_string(errors.size() - 1) + " more write errors)";
            raise(code, codeNameOf(first, code), errmsg);
        }
    }
    if (const Document::Ptr concern = subDocument(reply, "writeConcernError")) {
        const int code = static_cast<int>(integerField(*concern, "code", 0));
        raise(code, stringField(*concern, "codeName"), "write concern: " + stringField(*concern, "errmsg"));
    }
}

} // namespace jollyjet::mongo

#pragma once

#include <stdexcept>
#include <string>

namespace jollyjet::test::wire {

/// A command the wire test server refuses, answered as `{ok: 0, errmsg, code, codeName}`
/// with MongoDB's own code and codeName for the same situation.
class CommandFailure : public std::runtime_error {
public:
    CommandFailure(int code, std::string codeName, const std::string& errmsg)
        : std::runtime_error(errmsg), code_(code), codeName_(std::move(codeName)) {}
    int code() const { return code_; }
    const std::string& codeName() const { return codeName_; }

private:
    int code_;
    std::string codeName_;
};

inline CommandFailure badValue(const std::string& message) { return CommandFailure(2, "BadValue", message); }

} // namespace jollyjet::test::wire

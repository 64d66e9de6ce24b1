#include "KeyScope.h"

#include "jollyjet/http/HttpError.h"

namespace jollyjet::admin {

std::string KeyScope::relative(const std::string& full, const char* what) const {
    if (full.compare(0, prefix_.size(), prefix_) != 0 || full.size() == prefix_.size())
        throw http::HttpError(400, std::string(what) + " must start with this server's key prefix '" +
                                       prefix_ + "' and name something under it");
    return full.substr(prefix_.size());
}

std::string KeyScope::key(const std::string& full) const { return relative(full, "Key"); }

std::string KeyScope::pattern(const std::string& full) const { return relative(full, "Pattern"); }

} // namespace jollyjet::admin

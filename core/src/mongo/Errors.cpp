#include "jollyjet/mongo/Errors.h"

namespace jollyjet::mongo {

// Out-of-line destructors anchor the type information in core, so a plugin catches
// the same types core throws.
MongoError::~MongoError() = default;
NetworkError::~NetworkError() = default;
ProtocolError::~ProtocolError() = default;
CommandError::~CommandError() = default;
DuplicateKeyError::~DuplicateKeyError() = default;
AuthenticationError::~AuthenticationError() = default;

CommandError::CommandError(int code, std::string codeName, std::string errmsg)
    : MongoError("MongoDB error " + std::to_string(code) + (codeName.empty() ? "" : " (" + codeName + ")") +
                 ": " + errmsg),
      code_(code), codeName_(std::move(codeName)), errmsg_(std::move(errmsg)) {}

} // namespace jollyjet::mongo

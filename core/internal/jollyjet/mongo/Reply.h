#pragma once

#include "jollyjet/Export.h"

#include "jollyjet/mongo/Bson.h"

namespace jollyjet::mongo {

/// Turns a command reply into an exception when the server reports a failure:
/// `ok: 0` (CommandError with code, codeName, errmsg), the first entry of
/// `writeErrors`, or a `writeConcernError`. Code 11000/11001 raise DuplicateKeyError.
/// Returns normally for a successful reply. Used by Connection::runCommand; public
/// so a caller holding a raw reply applies the same rules.
JOLLYJET_API void throwIfError(const Document& reply);

} // namespace jollyjet::mongo

#pragma once

#include "jollyjet/Export.h"

#include <string>
#include <string_view>
#include <vector>

namespace jollyjet::log {

/// What may reach a log line, whatever a client or an operator put in it.
///
/// Every log sink passes each message through maskSecrets() and escapeControl()
/// (text) or the JSON quoting (json), so a secret the configuration holds never
/// appears and a crafted value cannot start a forged line. Call sites that log a
/// request target pass it through redactUri() first, because a secret sent by a
/// client (`?token=...`) is not one the configuration knows.

/// Query parameter names whose values are secrets (compared case-insensitively).
JOLLYJET_API bool isSecretName(std::string_view name);

/// The request target with the value of every secret query parameter replaced by
/// `[REDACTED]` (`/admin?token=abc&x=1` -> `/admin?token=[REDACTED]&x=1`) and the
/// password of a URL's user information too (`redis://:pw@h` -> `redis://:[REDACTED]@h`).
JOLLYJET_API std::string redactUri(std::string_view uri);

/// CR, LF, tab and every other C0 control, DEL and the C1 controls (U+0080..U+009F,
/// including NEL) written as visible escapes (`\r`, `\n`, `\t`, `\x1b`, `\u0085`), so one
/// message is always one line of printable text.
JOLLYJET_API std::string escapeControl(std::string_view text);

/// Appends `text` as a JSON string literal in which no control character (C0, DEL,
/// C1, U+2028, U+2029) stays raw.
JOLLYJET_API void appendJsonLogString(std::string& out, std::string_view text);

/// `text` with every occurrence of each secret (ignoring ones shorter than 4
/// characters, which would mask ordinary words) replaced by `[REDACTED]`.
JOLLYJET_API std::string maskSecrets(std::string_view text, const std::vector<std::string>& secrets);

} // namespace jollyjet::log

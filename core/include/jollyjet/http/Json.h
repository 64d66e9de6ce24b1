#pragma once

#include "jollyjet/Export.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <Poco/JSON/Object.h>

#include "jollyjet/http/Exchange.h"
#include "jollyjet/http/HttpError.h"

namespace jollyjet::http {

/// JSON helpers shared by the host and the plugins, so every response has the
/// envelope docs/openapi.yaml describes.

/// An object that keeps its keys in insertion order, as clients read them.
JOLLYJET_API Poco::JSON::Object::Ptr makeObject();

JOLLYJET_API std::string stringify(const Poco::JSON::Object::Ptr& object);

/// Appends `text` to `out` as a JSON string literal (with quotes).
JOLLYJET_API void appendQuoted(std::string& out, std::string_view text);

/// `{"status":"error","message":...}` plus `errors` when there are any.
JOLLYJET_API std::string errorBody(const std::string& message, const std::vector<FieldError>& errors = {});

JOLLYJET_API void sendJson(Response& response, int status, const Poco::JSON::Object::Ptr& body);
JOLLYJET_API void sendError(Response& response, int status, const std::string& message,
               const std::vector<FieldError>& errors = {});

/// ISO-8601 UTC with milliseconds and `Z`, e.g. 2026-01-31T12:00:00.000Z.
JOLLYJET_API std::string isoNow();
/// The same format for a time in milliseconds since the epoch.
JOLLYJET_API std::string isoFromMs(std::int64_t epochMs);

} // namespace jollyjet::http

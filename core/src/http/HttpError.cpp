#include "jollyjet/http/HttpError.h"

namespace jollyjet::http {

HttpError::HttpError(int status, const std::string& message, std::vector<FieldError> errors)
    : std::runtime_error(message), status_(status), errors_(std::move(errors)) {}

HttpError::~HttpError() = default;

} // namespace jollyjet::http

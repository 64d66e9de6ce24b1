#pragma once

#include "jollyjet/Export.h"

#include <stdexcept>
#include <string>
#include <vector>

namespace jollyjet::http {

/// One violated rule of a request body or path (the `errors` array of the error envelope, docs/openapi.yaml).
struct JOLLYJET_API FieldError {
    std::string field;
    std::string message;
};

/// An error meant for the client: the dispatcher turns it into the JSON error
/// envelope `{"status":"error","message":...[,"errors":[...]]}` with `status`.
/// Anything else thrown while handling a request becomes a 500 whose text stays in
/// the log.
class JOLLYJET_API HttpError : public std::runtime_error {
public:
    HttpError(int status, const std::string& message, std::vector<FieldError> errors = {});
    ~HttpError() override;

    int status() const { return status_; }
    const std::vector<FieldError>& errors() const { return errors_; }

private:
    int status_;
    std::vector<FieldError> errors_;
};

} // namespace jollyjet::http

#pragma once

#include "jollyjet/Export.h"

#include <string>

#include "jollyjet/http/Filter.h"

namespace jollyjet::http {

/// Conditional GET for every answer that carries an `ETag`: a GET or HEAD whose
/// `If-None-Match` matches the 200 answer's tag gets 304 with the same headers and no
/// body (RFC 9110 13.1.2). Registered by the host, outside every plugin filter, so it
/// sees the final tag whichever layer set it.
class JOLLYJET_API ConditionalGetFilter : public Filter {
public:
    std::string name() const override { return "conditional-get"; }
    int priority() const override { return priority::kCors + 1; }
    void handle(Exchange& exchange, const Next& next) override;
};

} // namespace jollyjet::http

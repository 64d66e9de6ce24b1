#pragma once

#include <string>

namespace jollyjet::host {

/// docs/openapi.yaml as compact JSON, compiled in at build time.
const std::string& openApiJson();

} // namespace jollyjet::host

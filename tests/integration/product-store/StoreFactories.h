#pragma once

#include <memory>
#include <string>
#include <vector>

#include "store/ProductStore.h"

/// The stores the conformance suite runs against: "sqlite" always, "mongo" on the
/// wire test server (or on MONGODB_URI when set) when this build has the MongoDB
/// store, and "mongo_tls" on the wire test server speaking TLS. Each call gives a fresh, empty store whose resources live as long as it.
std::vector<std::string> storeNames();
std::unique_ptr<jollyjet::products::ProductStore> makeStore(const std::string& name);

#pragma once

#include <string>
#include <utility>
#include <vector>

namespace jollyjet::products {

struct ImportOptions {
    std::string configPath = "etc/jollyjet.ini";
    std::vector<std::pair<std::string, std::string>> defines; ///< -D KEY=VALUE, over the file
    std::string input;                                        ///< a file, or "-" for stdin
    std::size_t batchSize = 5000;
};

/// Opens the store and cache the configuration names (as jollyjetd does), prepares
/// the store, imports `input` and then invalidates the "products" cache tag once,
/// so every cached list and count of every server retires at once. Prints the
/// refused lines and a summary. Exit status: 0 all lines imported, 1 some lines
/// refused (the others were imported), 2 configuration, input or store failure.
int runImport(const ImportOptions& options);

} // namespace jollyjet::products

#include <cstring>
#include <iostream>
#include <string>

#include "ImportCommand.h"

namespace {

void usage(std::ostream& out) {
    out << "usage: jollyjet-import [--config FILE] [-D KEY=VALUE]... [--batch N] PRODUCTS.jsonl\n"
           "Loads one product per line (the API's product JSON, or a mongoexport of the\n"
           "reference application) into the store FILE configures (default\n"
           "etc/jollyjet.ini), N per transaction (default 5000), then retires the cached\n"
           "lists and counts once (the cache's \"products\" tag). PRODUCTS.jsonl may be - for standard input.\n"
           "Exit status: 0 all imported, 1 some lines refused, 2 failure.\n";
}

} // namespace

int main(int argc, char** argv) {
    jollyjet::products::ImportOptions options;
    bool haveInput = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                usage(std::cerr);
                std::exit(2);
            }
            return argv[++i];
        };
        if (arg == "--help" || arg == "-h") {
            usage(std::cout);
            return 0;
        } else if (arg == "--config" || arg == "-c") {
            options.configPath = value();
        } else if (arg.rfind("--config=", 0) == 0) {
            options.configPath = arg.substr(9);
        } else if (arg == "-D" || arg == "--define") {
            const std::string define = value();
            const auto eq = define.find('=');
            if (eq == std::string::npos || eq == 0) {
                std::cerr << "jollyjet-import: -D expects KEY=VALUE, got '" << define << "'\n";
                return 2;
            }
            options.defines.emplace_back(define.substr(0, eq), define.substr(eq + 1));
        } else if (arg == "--batch") {
            const std::string n = value();
            options.batchSize = static_cast<std::size_t>(std::strtoul(n.c_str(), nullptr, 10));
            if (options.batchSize == 0) {
                std::cerr << "jollyjet-import: --batch expects a positive number\n";
                return 2;
            }
        } else if (!haveInput && (arg == "-" || arg.rfind("-", 0) != 0)) {
            options.input = arg;
            haveInput = true;
        } else {
            usage(std::cerr);
            return 2;
        }
    }
    if (!haveInput) {
        usage(std::cerr);
        return 2;
    }
    return jollyjet::products::runImport(options);
}

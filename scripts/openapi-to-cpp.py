#!/usr/bin/env python3
"""Turns docs/openapi.yaml into a C++ source holding it as compact JSON, which
jollyjetd serves at GET /api/openapi.json. Usage: openapi-to-cpp.py IN.yaml OUT.cpp"""
import json
import sys

import yaml

with open(sys.argv[1], encoding="utf-8") as f:
    document = yaml.safe_load(f)
text = json.dumps(document, separators=(",", ":"), ensure_ascii=False, default=str)
chunks = [text[i:i + 8000] for i in range(0, len(text), 8000)]
with open(sys.argv[2], "w", encoding="utf-8") as out:
    out.write("// Generated from docs/openapi.yaml by scripts/openapi-to-cpp.py; do not edit.\n")
    out.write('#include "OpenApiDocument.h"\n\nnamespace jollyjet::host {\n\n')
    out.write("const std::string& openApiJson() {\n    static const std::string text =\n")
    for chunk in chunks:
        out.write('        R"jjdoc(' + chunk + ')jjdoc"\n')
    out.write("        ;\n    return text;\n}\n\n} // namespace jollyjet::host\n")

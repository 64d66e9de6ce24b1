# docs/openapi.yaml checked by public tools (tests/api-contract): redocly lint on the
# file, and every operation of the running jollyjetd, error answers included, sent
# through Prism proxies that validate each request/response pair against it. The
# tools are installed from package-lock.json into the build tree by a fixture.
set(API_CONTRACT_SRC ${CMAKE_CURRENT_SOURCE_DIR}/api-contract)
set(API_CONTRACT_DIR ${CMAKE_CURRENT_BINARY_DIR}/api-contract)
foreach(f package.json package-lock.json contract-check.mjs node-check.sh)
    configure_file(${API_CONTRACT_SRC}/${f} ${API_CONTRACT_DIR}/${f} COPYONLY)
endforeach()
add_test(NAME api_tools_npm_ci COMMAND bash ${API_CONTRACT_SRC}/npm-install.sh ${API_CONTRACT_DIR})
set_tests_properties(api_tools_npm_ci PROPERTIES
    FIXTURES_SETUP api_tools LABELS e2e TIMEOUT 600 SKIP_RETURN_CODE 77)
add_test(NAME openapi_lint COMMAND bash ${API_CONTRACT_SRC}/run-lint.sh ${API_CONTRACT_DIR} ${CMAKE_SOURCE_DIR})
set_tests_properties(openapi_lint PROPERTIES
    FIXTURES_REQUIRED api_tools LABELS e2e TIMEOUT 120 SKIP_RETURN_CODE 77)
add_test(NAME api_contract_prism
         COMMAND bash ${API_CONTRACT_SRC}/run-contract.sh $<TARGET_FILE:jollyjetd> ${JOLLYJET_PLUGIN_DIR}
                 ${CMAKE_SOURCE_DIR} ${API_CONTRACT_DIR})
set_tests_properties(api_contract_prism PROPERTIES
    FIXTURES_REQUIRED api_tools LABELS e2e TIMEOUT 300 SKIP_RETURN_CODE 77)

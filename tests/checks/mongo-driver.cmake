# The official MongoDB Node.js driver against the wire test server (tests/mongo-driver).
# A fixture installs the driver version pinned in package-lock.json into the build tree
# (never into the source folder, so parallel build trees do not race); the check starts
# jollyjet-mongo-test-server on a free port, runs driver-check.mjs and stops it; once
# in plaintext and once over TLS.
if(TARGET jollyjet-mongo-test-server)
    set(MONGO_DRIVER_SRC ${CMAKE_CURRENT_SOURCE_DIR}/mongo-driver)
    set(MONGO_DRIVER_DIR ${CMAKE_CURRENT_BINARY_DIR}/mongo-driver)
    foreach(f package.json package-lock.json driver-check.mjs)
        configure_file(${MONGO_DRIVER_SRC}/${f} ${MONGO_DRIVER_DIR}/${f} COPYONLY)
    endforeach()
    add_test(NAME mongo_driver_npm_ci
             COMMAND bash ${MONGO_DRIVER_SRC}/npm-install.sh ${MONGO_DRIVER_DIR})
    set_tests_properties(mongo_driver_npm_ci PROPERTIES
        FIXTURES_SETUP mongo_driver_modules LABELS integration TIMEOUT 300)
    add_test(NAME mongo_driver_check
             COMMAND bash ${MONGO_DRIVER_SRC}/run-check.sh $<TARGET_FILE:jollyjet-mongo-test-server> ${MONGO_DRIVER_DIR})
    set_tests_properties(mongo_driver_check PROPERTIES
        FIXTURES_REQUIRED mongo_driver_modules LABELS integration TIMEOUT 120)
    # The same check over TLS (certificates made by the script with openssl).
    add_test(NAME mongo_driver_check_tls
             COMMAND bash ${MONGO_DRIVER_SRC}/run-check.sh $<TARGET_FILE:jollyjet-mongo-test-server> ${MONGO_DRIVER_DIR} tls)
    set_tests_properties(mongo_driver_check_tls PROPERTIES
        FIXTURES_REQUIRED mongo_driver_modules LABELS integration TIMEOUT 120)
endif()

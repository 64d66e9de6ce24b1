# make package's Debian packages: lintian, then unpacked with dpkg-deb -x and run.
# It builds a second tree (configured for /usr), so it runs alone.
add_test(NAME debian_packages
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/checks/debian-package.sh ${CMAKE_SOURCE_DIR}
                 ${CMAKE_BINARY_DIR}/package-build)
set_tests_properties(debian_packages PROPERTIES LABELS e2e TIMEOUT 1200 SKIP_RETURN_CODE 77 RUN_SERIAL TRUE)

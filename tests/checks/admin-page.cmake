# The /admin page in headless Chromium (Debian packages chromium and chromium-driver,
# installed by the script when missing and running as root; skipped otherwise): it
# starts redis-server and jollyjetd on free loopback ports, sends traffic, loads the
# page, checks that the chart and the numbers rendered and leaves a screenshot in
# <build>/tests/admin-page/admin-page.png.
add_test(NAME admin_page_chromium
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/checks/admin-page.sh
                 $<TARGET_FILE:jollyjetd> ${JOLLYJET_PLUGIN_DIR} ${CMAKE_CURRENT_BINARY_DIR}/admin-page)
set_tests_properties(admin_page_chromium PROPERTIES
    LABELS e2e TIMEOUT 600 SKIP_RETURN_CODE 77)

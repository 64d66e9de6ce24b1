# cmake --install into a temporary prefix, examples/hello-plugin built out of tree
# against it with find_package(JollyJet), loaded by the installed jollyjetd.
add_test(NAME sdk_install_and_out_of_tree_plugin
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/checks/sdk-install.sh ${CMAKE_BINARY_DIR} ${CMAKE_SOURCE_DIR})
set_tests_properties(sdk_install_and_out_of_tree_plugin PROPERTIES LABELS e2e TIMEOUT 600)

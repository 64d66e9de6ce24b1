# jollyjet_add_plugin(NAME [SOURCES] source...): a plugin built out of tree against
# the installed SDK. It becomes NAME.so (the name operators write in
# `[plugins] enabled`), compiled as the SDK was (C++20), and `cmake --install`
# puts it in the folder the installed jollyjetd loads plugins from.
function(jollyjet_add_plugin name)
    set(sources ${ARGN})
    list(REMOVE_ITEM sources SOURCES)
    add_library(${name} MODULE ${sources})
    target_link_libraries(${name} PRIVATE JollyJet::core)
    target_compile_features(${name} PRIVATE cxx_std_20)
    # Hidden by default, as the SDK is: the plugin exports its entry points only.
    set_target_properties(${name} PROPERTIES PREFIX "" OUTPUT_NAME ${name}
        CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON)
    install(TARGETS ${name} LIBRARY DESTINATION ${JOLLYJET_PLUGIN_DIR})
endfunction()

# The import tool's end-to-end tests run the real jollyjet-import binary.
if(TARGET e2e_jollyjet_import AND TARGET jollyjet-import)
    target_compile_definitions(e2e_jollyjet_import PRIVATE
        JOLLYJET_IMPORT_BINARY="$<TARGET_FILE:jollyjet-import>")
    add_dependencies(e2e_jollyjet_import jollyjet-import)
endif()

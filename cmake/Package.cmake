# `make package`: Debian packages through CPack, from a build configured for /usr
# (see the Makefile):
#   jollyjet      jollyjetd, the core library, the plugins, /etc/jollyjet/*.ini
#                 (conffiles), the systemd unit, the man page; the jollyjet system user
#                 and /var/lib/jollyjet, /var/log/jollyjet are made on install
#   jollyjet-dev  the SDK: headers and the JollyJet CMake package
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME jollyjet)
set(CPACK_PACKAGE_VENDOR "JollyJet")
set(CPACK_PACKAGE_CONTACT "JollyJet maintainers <maintainers@jollyjet.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "plugin-based product catalog server with a Redis-first cache")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL runtime dev)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://jollyjet.invalid")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME jollyjet)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_DEPENDS "adduser")
# The synopsis is CPACK_PACKAGE_DESCRIPTION_SUMMARY; these are the extended texts.
set(CPACK_DEBIAN_RUNTIME_DESCRIPTION "jollyjetd serves a product catalog over HTTP/1.1 from plugins that share
 connection pools to Redis, MongoDB and SQLite and a cache service.")
set(CPACK_DEBIAN_RUNTIME_PACKAGE_CONTROL_EXTRA
    ${CMAKE_SOURCE_DIR}/packaging/debian/conffiles
    ${CMAKE_SOURCE_DIR}/packaging/debian/postinst
    ${CMAKE_SOURCE_DIR}/packaging/debian/postrm
    ${CMAKE_SOURCE_DIR}/packaging/debian/triggers)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_DEV_PACKAGE_NAME jollyjet-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS
    "jollyjet (= ${PROJECT_VERSION}-${CPACK_DEBIAN_PACKAGE_RELEASE}), libpoco-dev, libspdlog-dev, libfmt-dev, libsqlite3-dev")
set(CPACK_DEBIAN_DEV_DESCRIPTION "SDK to build plugins for the JollyJet server
Headers and the JollyJet CMake package: find_package(JollyJet) gives
 JollyJet::core and jollyjet_add_plugin().")
set(CPACK_SET_DESTDIR ON)
include(CPack)

# Every Debian package carries its copyright file and a changelog.
foreach(component runtime dev)
    if(component STREQUAL runtime)
        set(package jollyjet)
    else()
        set(package jollyjet-dev)
    endif()
    install(FILES ${CMAKE_SOURCE_DIR}/packaging/debian/copyright
        DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/${package} COMPONENT ${component})
    add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/generated/${package}/changelog.Debian.gz
        COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/generated/${package}
        COMMAND gzip -9n -c ${CMAKE_SOURCE_DIR}/packaging/debian/changelog >
                ${CMAKE_BINARY_DIR}/generated/${package}/changelog.Debian.gz
        DEPENDS ${CMAKE_SOURCE_DIR}/packaging/debian/changelog)
    add_custom_target(changelog-${package} ALL DEPENDS ${CMAKE_BINARY_DIR}/generated/${package}/changelog.Debian.gz)
    install(FILES ${CMAKE_BINARY_DIR}/generated/${package}/changelog.Debian.gz
        DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/${package} COMPONENT ${component})
endforeach()

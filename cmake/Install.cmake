# What `cmake --install` adds besides the targets: the CMake package of the SDK, the
# configuration files with the plugin folder set for the installed layout, the
# systemd unit and the man page.
include(CMakePackageConfigHelpers)

set(JOLLYJET_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/JollyJet)
install(EXPORT JollyJetTargets NAMESPACE JollyJet:: DESTINATION ${JOLLYJET_CMAKE_DIR} COMPONENT dev)
configure_package_config_file(cmake/JollyJetConfig.cmake.in
    ${CMAKE_BINARY_DIR}/generated/JollyJetConfig.cmake
    INSTALL_DESTINATION ${JOLLYJET_CMAKE_DIR}
    PATH_VARS JOLLYJET_PLUGIN_INSTALL_DIR)
# A plugin is loaded only by the exact SDK version it was built against.
write_basic_package_version_file(${CMAKE_BINARY_DIR}/generated/JollyJetConfigVersion.cmake
    VERSION ${PROJECT_VERSION} COMPATIBILITY ExactVersion)
install(FILES ${CMAKE_BINARY_DIR}/generated/JollyJetConfig.cmake
    ${CMAKE_BINARY_DIR}/generated/JollyJetConfigVersion.cmake
    cmake/JollyJetPlugin.cmake
    DESTINATION ${JOLLYJET_CMAKE_DIR} COMPONENT dev)

# Relative destinations go under the prefix; the Debian package sets absolute ones
# (/etc/jollyjet, /lib/systemd/system).
set(JOLLYJET_CONFIG_INSTALL_DIR ${CMAKE_INSTALL_SYSCONFDIR}/jollyjet CACHE STRING "where the ini files go")
set(JOLLYJET_SYSTEMD_INSTALL_DIR lib/systemd/system CACHE STRING "where the systemd unit goes")
if(IS_ABSOLUTE ${JOLLYJET_CONFIG_INSTALL_DIR})
    set(JOLLYJET_CONFIG_FULL_DIR ${JOLLYJET_CONFIG_INSTALL_DIR})
else()
    set(JOLLYJET_CONFIG_FULL_DIR ${CMAKE_INSTALL_PREFIX}/${JOLLYJET_CONFIG_INSTALL_DIR})
endif()

# The shipped ini files, with `[plugins] path` set to the installed plugin folder.
set(JOLLYJET_PLUGIN_INSTALL_FULL_DIR ${CMAKE_INSTALL_PREFIX}/${JOLLYJET_PLUGIN_INSTALL_DIR})
foreach(ini jollyjet staging production)
    file(READ ${CMAKE_SOURCE_DIR}/etc/${ini}.ini text)
    string(REGEX REPLACE "\n\\[plugins\\]\n" "\n[plugins]\npath = ${JOLLYJET_PLUGIN_INSTALL_FULL_DIR}\n" text "${text}")
    string(REPLACE "; folder of the plugin libraries: the build tree's\npath = ../build/plugins\n" "" text "${text}")
    string(REPLACE "; path: unset, jollyjetd loads ../lib/jollyjet/plugins beside its binary (an installed\n; copy of this file names that folder), or the build tree's plugins folder.\n" "" text "${text}")
    string(REPLACE "sqlite.path = ../var/jollyjet.db" "sqlite.path = /var/lib/jollyjet/jollyjet.db" text "${text}")
    file(WRITE ${CMAKE_BINARY_DIR}/generated/etc/${ini}.ini "${text}")
    install(FILES ${CMAKE_BINARY_DIR}/generated/etc/${ini}.ini
        DESTINATION ${JOLLYJET_CONFIG_INSTALL_DIR} COMPONENT runtime)
endforeach()
configure_file(etc/jollyjetd.service.in ${CMAKE_BINARY_DIR}/generated/jollyjetd.service @ONLY)
install(FILES ${CMAKE_BINARY_DIR}/generated/jollyjetd.service DESTINATION ${JOLLYJET_SYSTEMD_INSTALL_DIR}
    COMPONENT runtime)
# Man pages are installed compressed, as Debian policy asks.
add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/generated/jollyjetd.8.gz
    COMMAND gzip -9n -c ${CMAKE_SOURCE_DIR}/docs/jollyjetd.8 > ${CMAKE_BINARY_DIR}/generated/jollyjetd.8.gz
    DEPENDS ${CMAKE_SOURCE_DIR}/docs/jollyjetd.8)
add_custom_target(man-page ALL DEPENDS ${CMAKE_BINARY_DIR}/generated/jollyjetd.8.gz)
install(FILES ${CMAKE_BINARY_DIR}/generated/jollyjetd.8.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man8 COMPONENT runtime)

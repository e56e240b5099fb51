# Installing libnumerapi like any other CMake package: headers, the library, a package
# config for find_package(numerapi CONFIG) giving numerapi::numerapi with its Boost,
# OpenSSL and zlib dependencies, and a pkg-config file. A static libnumerapi brings its
# internal numerapi_common along; a shared one has it inside. Nothing installed carries a
# compile definition or a precompiled header of ours. The programs install themselves
# (src/cli, src/sandbox).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(numerapi_installed numerapi)
if(NOT BUILD_SHARED_LIBS)
  set_target_properties(numerapi_common PROPERTIES EXPORT_NAME common)
  list(APPEND numerapi_installed numerapi_common)
endif()
install(TARGETS ${numerapi_installed} EXPORT numerapiTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/numerapi DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES ${PROJECT_BINARY_DIR}/include/numerapi/version.hpp DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/numerapi)
install(EXPORT numerapiTargets NAMESPACE numerapi:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/numerapi)

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/numerapiConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/numerapiConfig.cmake
                              INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/numerapi)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/numerapiConfigVersion.cmake
                                 VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/numerapiConfig.cmake ${PROJECT_BINARY_DIR}/numerapiConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/numerapi)

# pkg-config: a shared library needs only itself at link time; a static one, everything.
set(numerapi_pc_private "-lboost_json -lboost_url -lssl -lcrypto -lz -pthread")
if(BUILD_SHARED_LIBS)
  set(numerapi_pc_libs "-lnumerapi")
  set(numerapi_pc_libs_private "${numerapi_pc_private}")
else()
  set(numerapi_pc_libs "-lnumerapi -lnumerapi_common ${numerapi_pc_private}")
  set(numerapi_pc_libs_private "")
endif()
configure_file(${PROJECT_SOURCE_DIR}/cmake/numerapi.pc.in ${PROJECT_BINARY_DIR}/numerapi.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/numerapi.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# The licence travels with every installed copy (and so with the Debian packages).
install(FILES ${PROJECT_SOURCE_DIR}/LICENSE DESTINATION ${CMAKE_INSTALL_DOCDIR})

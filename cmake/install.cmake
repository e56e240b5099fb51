# Installing libnumerapi like any other CMake package: headers, the two static libraries
# (libnumerapi and the separately compiled Asio/Beast it needs), a package config for
# find_package(numerapi CONFIG) giving numerapi::numerapi with its Boost, OpenSSL and zlib
# dependencies, and a pkg-config file. The programs install themselves (src/cli,
# src/sandbox).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set_target_properties(numerapi_boost_impl PROPERTIES EXPORT_NAME boost_impl)
set_target_properties(numerapi_common PROPERTIES EXPORT_NAME common)
install(TARGETS numerapi numerapi_boost_impl numerapi_common EXPORT numerapiTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
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

configure_file(${PROJECT_SOURCE_DIR}/cmake/numerapi.pc.in ${PROJECT_BINARY_DIR}/numerapi.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/numerapi.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# Installing libnumerapi like any other CMake package: headers, the library, a package
# config for find_package(numerapi CONFIG) giving numerapi::numerapi with its Boost,
# OpenSSL and zlib dependencies, and a pkg-config file. A static libnumerapi brings its
# internal numerapi_common along; a shared one has it inside. Nothing installed carries a
# compile definition or a precompiled header of ours. All of it is the "dev" component (the
# libnumerapi-dev package, cmake/package.cmake); the programs install themselves (src/cli,
# src/sandbox) as the "programs" component, set at the end of this file.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# With NUMERAPI_BUILD_BOTH_LIBRARIES, both libraries: the shared one is numerapi::numerapi
# (and -lnumerapi picks it), as a Debian -dev package has it; the static one is
# numerapi::numerapi_static. Otherwise the one library built is numerapi::numerapi.
if(NUMERAPI_BUILD_BOTH_LIBRARIES)
  set(numerapi_installed numerapi_shared numerapi numerapi_common)
elseif(BUILD_SHARED_LIBS)
  set(numerapi_installed numerapi)
else()
  set(numerapi_installed numerapi numerapi_common)
endif()
set_target_properties(numerapi_common PROPERTIES EXPORT_NAME common)
install(TARGETS ${numerapi_installed} EXPORT numerapiTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/numerapi DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT dev)
install(FILES ${PROJECT_BINARY_DIR}/include/numerapi/version.hpp DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/numerapi
        COMPONENT dev)
install(EXPORT numerapiTargets NAMESPACE numerapi:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/numerapi
        COMPONENT dev)

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/numerapiConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/numerapiConfig.cmake
                              INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/numerapi)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/numerapiConfigVersion.cmake
                                 VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/numerapiConfig.cmake ${PROJECT_BINARY_DIR}/numerapiConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/numerapi COMPONENT dev)

# pkg-config: -lnumerapi is the shared library wherever there is one (the linker prefers
# it), which needs only Boost.JSON besides (the headers use boost::json::value, and Debian's
# linker does not take a library's own dependencies for the program's); Libs.private is
# what a static link adds (pkg-config --static). A static-only install needs everything.
set(numerapi_pc_private "-lboost_url -lssl -lcrypto -lz")
if(NUMERAPI_BUILD_BOTH_LIBRARIES)
  set(numerapi_pc_libs "-lnumerapi -lboost_json -pthread")
  set(numerapi_pc_libs_private "-lnumerapi_common ${numerapi_pc_private}")
elseif(BUILD_SHARED_LIBS)
  set(numerapi_pc_libs "-lnumerapi -lboost_json -pthread")
  set(numerapi_pc_libs_private "${numerapi_pc_private}")
else()
  set(numerapi_pc_libs "-lnumerapi -lnumerapi_common -lboost_json ${numerapi_pc_private} -pthread")
  set(numerapi_pc_libs_private "")
endif()
# Relocatable: the file finds the prefix from where it is, as many ".." up as the library
# directory is deep (lib/pkgconfig, or Debian's lib/x86_64-linux-gnu/pkgconfig).
file(RELATIVE_PATH numerapi_pc_up "/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/")
string(REGEX REPLACE "/$" "" numerapi_pc_up "${numerapi_pc_up}")
configure_file(${PROJECT_SOURCE_DIR}/cmake/numerapi.pc.in ${PROJECT_BINARY_DIR}/numerapi.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/numerapi.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT dev)

# The licence travels with every installed copy. The Debian packages carry it as each one's
# copyright file instead (cmake/package.cmake): cpack leaves this "licence" component out.
install(FILES ${PROJECT_SOURCE_DIR}/LICENSE DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT licence)

# What is installed from here on without a component of its own, the programs (src/cli,
# src/sandbox, added after this file), is the "programs" component: the numerapi package.
set(CMAKE_INSTALL_DEFAULT_COMPONENT_NAME programs)

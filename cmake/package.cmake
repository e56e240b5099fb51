# The Debian packages: `cpack -G DEB` in a build directory makes two, one per install
# component (cmake/install.cmake):
#   libnumerapi-dev  the headers, libnumerapi.so and libnumerapi.a (NUMERAPI_BUILD_BOTH_LIBRARIES,
#                    else the one library built), the CMake package and the pkg-config file
#   numerapi         the numerapi command and numerapi-sandbox (linked with the static library:
#                    they need no libnumerapi at run time; not so in a BUILD_SHARED_LIBS build,
#                    which is no build to package)
# The run-time Depends come from dpkg-shlibdeps (dpkg-dev, scripts/bootstrap), on the shared
# library and the programs as built; what the headers and a link need besides is listed here.
# Files go under /usr, the libraries in CMAKE_INSTALL_LIBDIR: configure with
# -DCMAKE_INSTALL_PREFIX=/usr for Debian's multiarch directory (lib/x86_64-linux-gnu),
# otherwise they are in /usr/lib. cpack packages what is built (with Ninja it builds nothing
# itself): build first. test/programs/package_test.sh makes and checks the packages.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME numerapi)
set(CPACK_PACKAGE_VENDOR "The numerapi-cpp authors")
# Whoever publishes the packages names themselves: -DNUMERAPI_PACKAGE_MAINTAINER="Name <mail>".
set(NUMERAPI_PACKAGE_MAINTAINER "The numerapi-cpp authors" CACHE STRING "Maintainer field of the Debian packages")
set(CPACK_PACKAGE_CONTACT "${NUMERAPI_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # <package>_<version>-<release>_<architecture>.deb
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# As Debian ships them: programs and shared library without debug information.
set(CPACK_STRIP_FILES ON)

set(CPACK_DEB_COMPONENT_INSTALL ON)
# Not the "licence" component: each package has its copyright file (below). The numerapi
# package only if there is a program to put in it.
set(CPACK_COMPONENTS_ALL dev)
if(TARGET numerapi-cli OR TARGET numerapi-sandbox)
  list(APPEND CPACK_COMPONENTS_ALL programs)
endif()
# Each package's description has its own summary line (CPack would put the project's first).
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "")

set(CPACK_DEBIAN_DEV_PACKAGE_NAME libnumerapi-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
# Boost's headers (Asio, Beast) and Boost.JSON for the public headers; Boost.URL, OpenSSL and
# zlib for a static link, and the CMake package looks for all of them.
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS
    "libboost1.81-dev, libboost-json1.81-dev, libboost-url1.81-dev, libssl-dev, zlib1g-dev")
if(NUMERAPI_BUILD_BOTH_LIBRARIES)
  set(numerapi_deb_libraries "the shared and the static library, a CMake package
(find_package(numerapi CONFIG): numerapi::numerapi is the shared library,
numerapi::numerapi_static the static one)")
elseif(BUILD_SHARED_LIBS)
  set(numerapi_deb_libraries "the shared library, a CMake package
(find_package(numerapi CONFIG): numerapi::numerapi)")
else()
  set(numerapi_deb_libraries "the static library, a CMake package
(find_package(numerapi CONFIG): numerapi::numerapi)")
endif()
set(CPACK_DEBIAN_DEV_DESCRIPTION
    "C++20 coroutine client library for the Numerai tournament API
libnumerapi: every Numerai tournament API call is a Boost.Asio coroutine, over a pool of
kept-alive, verified TLS connections. This package has the headers,
${numerapi_deb_libraries} and a pkg-config file (numerapi).")

set(CPACK_DEBIAN_PROGRAMS_PACKAGE_NAME numerapi)
set(CPACK_DEBIAN_PROGRAMS_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PROGRAMS_DESCRIPTION
    "Command line client and local sandbox server for the Numerai tournament API
numerapi: the Python numerapi command's commands, plus parallel downloads with progress
bars. numerapi-sandbox: a local HTTPS server with Numerai's GraphQL API, presigned file URLs
and a request log, to try, test and benchmark offline.")

# Debian wants each package's licence in /usr/share/doc/<package>/copyright. EXCLUDE_FROM_ALL:
# only a component's own install (what cpack does) has it, never a plain cmake --install.
install(FILES ${PROJECT_SOURCE_DIR}/LICENSE DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/libnumerapi-dev
        RENAME copyright COMPONENT dev EXCLUDE_FROM_ALL)
install(FILES ${PROJECT_SOURCE_DIR}/LICENSE DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/numerapi
        RENAME copyright COMPONENT programs EXCLUDE_FROM_ALL)

# Debian strips static libraries of their debug information too (dh_strip); CMake's strip
# (CPACK_STRIP_FILES, cmake --install --strip) does programs and shared libraries only.
string(CONFIGURE [[
  if(CMAKE_INSTALL_DO_STRIP)
    file(GLOB archives "$ENV{DESTDIR}${CMAKE_INSTALL_PREFIX}/@CMAKE_INSTALL_LIBDIR@/libnumerapi*.a")
    if(archives) # none in a BUILD_SHARED_LIBS build; strip fails on an empty list
      execute_process(COMMAND "@CMAKE_STRIP@" --strip-debug --enable-deterministic-archives ${archives}
                      COMMAND_ERROR_IS_FATAL ANY)
    endif()
  endif()
]] numerapi_strip_archives @ONLY)
install(CODE "${numerapi_strip_archives}" COMPONENT dev)

# include(CPack) also offers a source package (cpack --config CPackSourceConfig.cmake): keep
# the build directories and Git's out of it.
set(CPACK_SOURCE_IGNORE_FILES "/\\.git/" "/build[^/]*/")

include(CPack)

#!/usr/bin/env bash
# Installs the build into a temporary prefix, then builds and runs consumers against it:
# through find_package(numerapi CONFIG); through pkg-config; with Asio of their own in another
# translation unit, used header-only; and with Asio compiled by the consumer itself
# (BOOST_ASIO_SEPARATE_COMPILATION and its own src.hpp). Nothing installed may carry a
# compile definition. find_package's numerapi::numerapi and pkg-config's -lnumerapi are the
# shared library when both are installed (NUMERAPI_BUILD_BOTH_LIBRARIES). (The FetchContent
# consumer of a shared library is built and run by thread_sanitizer_test.sh, whose one build
# proves it and thread safety; package_test.sh checks the Debian packages.)
set -euo pipefail
build=$1 sandbox=$2 here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
source "$(dirname "$0")/with_sandbox.sh"
prefix=$work/prefix
cmake --install "$build" --prefix "$prefix" >/dev/null
for f in include/numerapi/client.hpp include/numerapi/version.hpp lib/libnumerapi.a share/doc/numerapi/LICENSE \
         lib/cmake/numerapi/numerapiConfig.cmake lib/cmake/numerapi/numerapiTargets.cmake lib/pkgconfig/numerapi.pc \
         bin/numerapi bin/numerapi-sandbox; do
  [[ -e $prefix/$f ]] || fail "not installed: $f"
done

# No compile definition of ours reaches a consumer, through either package file.
if grep -n "INTERFACE_COMPILE_DEFINITIONS" "$prefix"/lib/cmake/numerapi/numerapiTargets*.cmake; then
  fail "the CMake package exports compile definitions"
fi
cflags=$(PKG_CONFIG_PATH=$prefix/lib/pkgconfig pkg-config --cflags numerapi)
[[ $cflags != *-D* ]] || fail "pkg-config's Cflags carry definitions: $cflags"

start_sandbox --dataset-size 64k

cmake -S "$here/consumer" -B "$work/consumer" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" >/dev/null || fail "find_package(numerapi) failed"
cmake --build "$work/consumer" >/dev/null || fail "the consumer did not build"
out=$("$work/consumer/consumer" "$(field api_url)" "$(field ca_file)") || fail "the consumer failed"
echo "find_package: $out"
[[ $out == "current round 1150 "* ]] || fail "unexpected output: $out"

flags=$(PKG_CONFIG_PATH=$prefix/lib/pkgconfig pkg-config --cflags --libs numerapi) || fail "pkg-config numerapi failed"
# With both libraries installed (NUMERAPI_BUILD_BOTH_LIBRARIES, the default), -lnumerapi is
# libnumerapi.so, and a plain g++ link records no run path: the programs find it here.
export LD_LIBRARY_PATH=$prefix/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
# shellcheck disable=SC2086
g++ "$here/consumer/main.cpp" $flags -o "$work/consumer_pc" || fail "the pkg-config build failed"
out=$("$work/consumer_pc" "$(field api_url)" "$(field ca_file)") || fail "the pkg-config consumer failed"
echo "pkg-config: $out"
[[ $out == "current round 1150 "* ]] || fail "unexpected output: $out"
# shellcheck disable=SC2086
for mode in header-only own-src; do
  sources=("$here/consumer/own_asio_main.cpp" "$here/consumer/own_asio_timer.cpp")
  defines=()
  if [[ $mode == own-src ]]; then
    sources+=("$here/consumer/asio_src.cpp")
    defines=(-DBOOST_ASIO_SEPARATE_COMPILATION)
  fi
  # It names Asio's SSL category, whose messages are OpenSSL's: it links OpenSSL itself.
  g++ "${defines[@]}" "${sources[@]}" $flags -lssl -lcrypto -o "$work/own_asio_$mode" ||
    fail "the $mode Asio consumer did not build"
  out=$("$work/own_asio_$mode" "$(field api_url)" "$(field ca_file)") || fail "the $mode Asio consumer failed: $out"
  echo "Asio $mode: $out"
  [[ $out == "current round 1150; own timer ticked 3 times; unknown model: "*" from get_profile; untrusted server: tls ("* ]] ||
    fail "unexpected output: $out"
  # Asio compiled by the consumer has categories of its own: the library's TLS failure still
  # falls under numerapi::condition::tls across that boundary.
  if [[ $mode == own-src ]]; then
    [[ $out == *"(another copy of Asio's SSL category)" ]] || fail "own-src: expected another SSL category: $out"
  fi
done
echo "4 passed, 0 failed"

#!/usr/bin/env bash
# Installs the build into a temporary prefix, then builds and runs a tiny consumer project
# against it, once through find_package(numerapi CONFIG) and once through pkg-config.
set -euo pipefail
build=$1 sandbox=$2 here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
source "$(dirname "$0")/with_sandbox.sh"
prefix=$work/prefix
cmake --install "$build" --prefix "$prefix" >/dev/null
for f in include/numerapi/client.hpp include/numerapi/version.hpp lib/libnumerapi.a lib/libnumerapi_boost_impl.a \
         lib/cmake/numerapi/numerapiConfig.cmake lib/cmake/numerapi/numerapiTargets.cmake lib/pkgconfig/numerapi.pc \
         bin/numerapi bin/numerapi-sandbox; do
  [[ -e $prefix/$f ]] || fail "not installed: $f"
done

start_sandbox --dataset-size 64k

cmake -S "$here/consumer" -B "$work/consumer" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" >/dev/null || fail "find_package(numerapi) failed"
cmake --build "$work/consumer" >/dev/null || fail "the consumer did not build"
out=$("$work/consumer/consumer" "$(field api_url)" "$(field ca_file)") || fail "the consumer failed"
echo "find_package: $out"
[[ $out == "current round 1150 "* ]] || fail "unexpected output: $out"

flags=$(PKG_CONFIG_PATH=$prefix/lib/pkgconfig pkg-config --cflags --libs numerapi) || fail "pkg-config numerapi failed"
# shellcheck disable=SC2086
g++ "$here/consumer/main.cpp" $flags -o "$work/consumer_pc" || fail "the pkg-config build failed"
out=$("$work/consumer_pc" "$(field api_url)" "$(field ca_file)") || fail "the pkg-config consumer failed"
echo "pkg-config: $out"
[[ $out == "current round 1150 "* ]] || fail "unexpected output: $out"
echo "2 passed, 0 failed"

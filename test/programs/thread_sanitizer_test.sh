#!/usr/bin/env bash
# The ThreadSanitizer pass of scripts/test:
#   thread_sanitizer_test.sh BUILD_DIR SANDBOX
# Builds test/thread_safety, a project outside ours that takes numerapi-cpp with
# FetchContent, into BUILD_DIR with BUILD_SHARED_LIBS=ON and -fsanitize=thread (the whole
# library and the program instrumented). Checks the shared library (its SONAME, and that
# only what is marked NUMERAPI_EXPORT is visible), then runs the program against a sandbox
# (SANDBOX, the normal build's): 500 mixed calls of one client from 4 threads, then calls raced
# against deadlines from 16 strands on 8 threads (a cancel from another thread). A race report
# fails the run. The library compiles in batches (NUMERAPI_UNITY_BUILD, which a project that
# takes us in has off unless it asks): what is checked does not depend on how the files are
# grouped, and the build takes about half the time.
set -euo pipefail
build=$1 sandbox=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'kill ${pid:-} 2>/dev/null || true; rm -rf "$work"' EXIT
source "$root/test/programs/with_sandbox.sh"

# Configured at every run, so that a directory made before a setting here gets it too.
cmake -S "$root/test/thread_safety" -B "$build" -G Ninja -DNUMERAPI_SOURCE_DIR="$root" -DBUILD_SHARED_LIBS=ON \
      -DNUMERAPI_UNITY_BUILD=ON \
      -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS="-O1 -g1 -fsanitize=thread" -DCMAKE_CXX_FLAGS_DEBUG= \
      -DCMAKE_EXE_LINKER_FLAGS=-fsanitize=thread -DCMAKE_SHARED_LINKER_FLAGS=-fsanitize=thread >/dev/null \
  || fail "FetchContent of numerapi-cpp failed"
cmake --build "$build" -j "$(nproc)" >/dev/null || fail "the FetchContent consumer did not build"

# The shared library: an SONAME, numerapi's API visible, its internals not.
lib=$(find "$build" -name 'libnumerapi.so.*.*.*' | head -1)
[[ -n $lib ]] || fail "no shared libnumerapi was built"
soname=$(readelf -d "$lib" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
[[ $soname == libnumerapi.so.0.1 ]] || fail "SONAME is '$soname'"
exported=$(nm -DC --defined-only "$lib")
grep -q "numerapi::client::client(" <<<"$exported" || fail "numerapi::client is not exported"
grep -q "numerapi::make_error_code" <<<"$exported" || fail "numerapi::make_error_code is not exported"
if grep -E "numerapi::detail::(parse_https_url|connection_pool|retry_run|download)" <<<"$exported"; then
  fail "internal symbols are exported"
fi
echo "shared library: $(basename "$lib"), SONAME $soname, $(grep -c 'numerapi::' <<<"$exported") numerapi symbols exported"

start_sandbox --dataset-size 256k
head -c 100000 /dev/urandom >"$work/upload.bin"
mkdir "$work/files"
TSAN_OPTIONS="halt_on_error=1 exitcode=66 second_deadlock_stack=1" \
  "$build/thread_safety" "$(field api_url)" "$(field ca_file)" "$(field public_id)" "$(field secret_key)" \
  "$work/upload.bin" "$work/files" || fail "thread_safety failed (exit $?)"
left=$(find "$work/files" -type f ! -name '*.part' ! -name '.*.etag' | wc -l) # (records of versions stay)
[[ $left == 0 ]] || fail "$left downloaded files were left behind"
echo "1 passed, 0 failed"

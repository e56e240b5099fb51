#!/usr/bin/env bash
# The Debian packages of a build (cpack -G DEB, cmake/package.cmake), checked without
# installing anything on the machine:
#   package_test.sh BUILD_DIR SANDBOX
# Makes them with cpack into a scratch directory; checks their names and control fields
# (every Depends entry a package this machine has, in a version it has); their contents, each
# with its copyright; the shared library (SONAME; the API visible, our internals not). Then,
# unpacked into a scratch root with dpkg -x, builds and runs consumers against a sandbox
# (SANDBOX, the build's): through find_package (numerapi::numerapi, the shared library, and
# numerapi::numerapi_static) and through pkg-config; and runs the packaged numerapi command
# against it and against the packaged numerapi-sandbox. No network beyond 127.0.0.1.
set -euo pipefail
build=$(cd "$1" && pwd) sandbox=$2 here=$(cd "$(dirname "$0")" && pwd)
root_dir=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
pid=
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
# shellcheck source-path=SCRIPTDIR source=with_sandbox.sh
source "$here/with_sandbox.sh"
passed=0
pass() { passed=$((passed + 1)); }

version=$(sed -n 's/^CMAKE_PROJECT_VERSION:[A-Z]*=//p' "$build/CMakeCache.txt")
[[ $version =~ ^([0-9]+)\.([0-9]+)\.[0-9]+$ ]] || fail "no project version in $build/CMakeCache.txt"
soname=libnumerapi.so.${BASH_REMATCH[1]}.${BASH_REMATCH[2]}
arch=$(dpkg --print-architecture)

# cpack, into the scratch directory (its staging area too).
start=$(date +%s)
(cd "$build" && cpack -G DEB -B "$work/out") >"$work/cpack.log" 2>&1 || { cat "$work/cpack.log" >&2; fail "cpack failed"; }
echo "cpack: $(($(date +%s) - start)) s"
debs=$(find "$work/out" -maxdepth 1 -name '*.deb' -printf '%f\n' | sort | tr '\n' ' ')
dev=$work/out/libnumerapi-dev_${version}-1_$arch.deb
programs=$work/out/numerapi_${version}-1_$arch.deb
[[ $debs == "$(basename "$dev") $(basename "$programs") " ]] || fail "unexpected packages: $debs"
pass

# Control fields. Depends: both from dpkg-shlibdeps (libc6, libstdc++6 and what was linked);
# libnumerapi-dev's also the -dev packages of its headers and links; the programs need no
# -dev package and no libnumerapi (they link the static library).
# depends_ok DEB: every entry's name is a package installed here, in a version satisfying it.
depends_ok() {
  local entry alts alt name op ver have ok
  while IFS= read -r entry; do
    ok=0
    IFS='|' read -ra alts <<<"$entry"
    for alt in "${alts[@]}"; do
      [[ $alt =~ ^\ *([a-z0-9][a-z0-9.+-]+)(\ \(([<>=]+)\ ([^\)]+)\))?\ *$ ]] || fail "malformed Depends entry: '$alt'"
      name=${BASH_REMATCH[1]} op=${BASH_REMATCH[3]} ver=${BASH_REMATCH[4]}
      have=$(dpkg-query -W -f='${Status} ${Version}' "$name" 2>/dev/null | sed -n 's/^install ok installed //p')
      [[ -n $have ]] || continue
      if [[ -z $op ]] || dpkg --compare-versions "$have" "$op" "$ver"; then ok=1; fi
    done
    [[ $ok == 1 ]] || fail "$(basename "$1"): Depends entry '$entry' is not satisfied on this machine"
  done < <(dpkg-deb -f "$1" Depends | sed 's/, */\n/g')
}
for deb in "$dev" "$programs"; do
  for field in Package Version Architecture Maintainer Section Description Depends; do
    [[ -n $(dpkg-deb -f "$deb" "$field") ]] || fail "$(basename "$deb") has no $field"
  done
  [[ $(dpkg-deb -f "$deb" Version) == "$version-1" ]] || fail "$(basename "$deb"): Version $(dpkg-deb -f "$deb" Version)"
  [[ $(dpkg-deb -f "$deb" Architecture) == "$arch" ]] || fail "$(basename "$deb"): Architecture"
  depends_ok "$deb"
  echo "$(dpkg-deb -f "$deb" Package): Depends: $(dpkg-deb -f "$deb" Depends)"
done
[[ $(dpkg-deb -f "$dev" Package) == libnumerapi-dev ]] || fail "libnumerapi-dev's Package field"
[[ $(dpkg-deb -f "$programs" Package) == numerapi ]] || fail "numerapi's Package field"
dev_depends=", $(dpkg-deb -f "$dev" Depends),"
for p in libc6 libstdc++6 libssl3 zlib1g libboost-json1.81.0 libboost-url1.81.0 \
         libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev libssl-dev zlib1g-dev; do
  [[ $dev_depends =~ [,\|]\ *"$p"[\ ,] ]] || fail "libnumerapi-dev does not depend on $p"
done
programs_depends=", $(dpkg-deb -f "$programs" Depends),"
for p in libc6 libstdc++6 libssl3 zlib1g libboost-json1.81.0 libboost-url1.81.0 libboost-program-options1.81.0; do
  [[ $programs_depends =~ [,\|]\ *"$p"[\ ,] ]] || fail "numerapi does not depend on $p"
done
[[ ! $programs_depends =~ (-dev|libnumerapi) ]] || fail "numerapi depends on a -dev package or libnumerapi"
pass

# Contents: everything under /usr, no file in both packages, the licence in each.
dpkg-deb -c "$dev" | awk '{print $6}' >"$work/dev.list"
dpkg-deb -c "$programs" | awk '{print $6}' >"$work/programs.list"
if grep -Ev '^\./(usr/.*)?$' "$work/dev.list" "$work/programs.list"; then fail "files outside /usr"; fi
shared=$(comm -12 <(grep -v '/$' "$work/dev.list" | sort) <(grep -v '/$' "$work/programs.list" | sort))
[[ -z $shared ]] || fail "files in both packages: $shared"
root=$work/root
dpkg -x "$dev" "$root"
dpkg -x "$programs" "$root"
pc=$(find "$root/usr/lib" -name numerapi.pc)
[[ -n $pc ]] || fail "no numerapi.pc in libnumerapi-dev"
libdir=$(dirname "$(dirname "$pc")")
for f in "$root/usr/include/numerapi/client.hpp" "$root/usr/include/numerapi/version.hpp" \
         "$libdir/libnumerapi.a" "$libdir/libnumerapi_common.a" "$libdir/libnumerapi.so" "$libdir/$soname" \
         "$libdir/cmake/numerapi/numerapiConfig.cmake" "$libdir/cmake/numerapi/numerapiTargets.cmake" \
         "$root/usr/share/doc/libnumerapi-dev/copyright" "$root/usr/share/doc/numerapi/copyright" \
         "$root/usr/bin/numerapi" "$root/usr/bin/numerapi-sandbox"; do
  [[ -e $f ]] || fail "not packaged: ${f#"$root"}"
done
for pkg in libnumerapi-dev numerapi; do
  cmp -s "$root_dir/LICENSE" "$root/usr/share/doc/$pkg/copyright" || fail "$pkg's copyright is not the LICENSE"
done
grep -q '^\./usr/share/doc/libnumerapi-dev/copyright$' "$work/dev.list" || fail "the copyright is not libnumerapi-dev's"
grep -q '^\./usr/share/doc/numerapi/copyright$' "$work/programs.list" || fail "the copyright is not numerapi's"
# No compile definition and nothing of our precompiled header reaches a consumer.
if grep -n "INTERFACE_COMPILE_DEFINITIONS" "$libdir"/cmake/numerapi/numerapiTargets*.cmake; then
  fail "the CMake package exports compile definitions"
fi
if grep -rIl "cmake_pch\|numerapi_pch" "$libdir/cmake/numerapi" "$pc"; then fail "the package files mention a precompiled header"; fi
export PKG_CONFIG_PATH=$libdir/pkgconfig
cflags=$(pkg-config --cflags numerapi)
[[ $cflags != *-D* ]] || fail "pkg-config's Cflags carry definitions: $cflags"
# The programs do not need libnumerapi.so (they are linked with the static library).
for program in numerapi numerapi-sandbox; do
  if readelf -d "$root/usr/bin/$program" | grep NEEDED | grep -q libnumerapi; then
    fail "$program needs libnumerapi.so"
  fi
done
echo "contents: $(grep -vc '/$' "$work/dev.list") files in libnumerapi-dev (libraries in ${libdir#"$root"})," \
     "$(grep -vc '/$' "$work/programs.list") in numerapi"
pass

# The shared library: its SONAME; numerapi's API visible, its internals (numerapi_common's
# too) not. Every exported name of ours must be declared in a public header. (Boost's and the
# standard library's template code is visible too, as they mark it: Asio and Boost.System ask
# for default visibility, and the standard library's templates have it.)
lib=$(readlink -f "$libdir/libnumerapi.so")
[[ $(basename "$lib") == libnumerapi.so.$version ]] || fail "libnumerapi.so points to $(basename "$lib")"
got=$(readelf -d "$lib" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
[[ $got == "$soname" ]] || fail "SONAME is '$got'"
exported=$(nm -DC --defined-only "$lib" | cut -d' ' -f3-)
grep -q "numerapi::client::client(" <<<"$exported" || fail "numerapi::client is not exported"
grep -q "numerapi::make_error_code" <<<"$exported" || fail "numerapi::make_error_code is not exported"
if grep -E "numerapi::detail::(parse_https_url|connection_pool|retry_run|download)" <<<"$exported"; then
  fail "internal symbols are exported"
fi
# (Boost's template functions instantiated for a type of ours, say Asio's
# service_registry::use_service<numerapi::detail::waiting_runs>, are Boost's: they start
# with our return type, and are left out here.)
ours=$(grep -E "^(typeinfo for |typeinfo name for |vtable for |VTT for |guard variable for )?numerapi::" <<<"$exported" |
       grep -vE "^numerapi::[^(]*& boost::" |
       sed -E 's/^(typeinfo name for |typeinfo for |vtable for |VTT for |guard variable for )//; s/\(.*//;
               s/\[abi:[^]]*\]//g; s/.*:://; s/^~//' | sort -u)
while IFS= read -r name; do
  [[ $name == operator* ]] && continue
  grep -rqw -- "$name" "$root_dir/include/numerapi" || fail "exported, but in no public header: $name"
done <<<"$ours"
echo "shared library: $(basename "$lib"), SONAME $got, $(grep -c . <<<"$exported") symbols exported," \
     "$(grep -c . <<<"$ours") names of numerapi's"
pass

start_sandbox --dataset-size 64k

# find_package, with the root as the prefix: numerapi::numerapi (test/programs/consumer), which
# is the packaged shared library, found through the run path CMake gives the program.
cmake -S "$here/consumer" -B "$work/consumer" -G Ninja -DCMAKE_PREFIX_PATH="$root/usr" >/dev/null ||
  fail "find_package(numerapi) failed"
cmake --build "$work/consumer" >/dev/null || fail "the consumer did not build"
[[ $(ldd "$work/consumer/consumer" | grep libnumerapi) == *"$libdir/$soname"* ]] ||
  fail "the consumer does not use the packaged libnumerapi.so"
out=$("$work/consumer/consumer" "$(field api_url)" "$(field ca_file)") || fail "the consumer failed"
echo "find_package numerapi::numerapi: $out"
[[ $out == "current round 1150 (numerapi $version)" ]] || fail "unexpected output: $out"
pass

# numerapi::numerapi_static: the same program, with no libnumerapi.so at run time.
mkdir "$work/static_src"
cat >"$work/static_src/CMakeLists.txt" <<EOF
cmake_minimum_required(VERSION 3.20)
project(numerapi_static_consumer LANGUAGES CXX)
find_package(numerapi $version CONFIG REQUIRED)
add_executable(consumer "$here/consumer/main.cpp")
target_link_libraries(consumer PRIVATE numerapi::numerapi_static)
EOF
cmake -S "$work/static_src" -B "$work/static" -G Ninja -DCMAKE_PREFIX_PATH="$root/usr" >/dev/null ||
  fail "find_package(numerapi) failed for numerapi::numerapi_static"
cmake --build "$work/static" >/dev/null || fail "the numerapi::numerapi_static consumer did not build"
if readelf -d "$work/static/consumer" | grep NEEDED | grep -q libnumerapi; then
  fail "the numerapi::numerapi_static consumer needs libnumerapi.so"
fi
out=$("$work/static/consumer" "$(field api_url)" "$(field ca_file)") || fail "the static consumer failed"
echo "find_package numerapi::numerapi_static: $out"
[[ $out == "current round 1150 (numerapi $version)" ]] || fail "unexpected output: $out"
pass

# pkg-config (relocatable: ${pcfiledir}): -lnumerapi is the shared library; a plain g++ link
# records no run path, so the program finds it through LD_LIBRARY_PATH.
flags=$(pkg-config --cflags --libs numerapi) || fail "pkg-config numerapi failed"
# shellcheck disable=SC2086
g++ "$here/consumer/main.cpp" $flags -o "$work/consumer_pc" || fail "the pkg-config build failed"
out=$(LD_LIBRARY_PATH=$libdir "$work/consumer_pc" "$(field api_url)" "$(field ca_file)") ||
  fail "the pkg-config consumer failed"
[[ $(LD_LIBRARY_PATH=$libdir ldd "$work/consumer_pc" | grep libnumerapi) == *"$libdir/$soname"* ]] ||
  fail "the pkg-config consumer does not use the packaged libnumerapi.so"
echo "pkg-config: $out"
[[ $out == "current round 1150 (numerapi $version)" ]] || fail "unexpected output: $out"
pass

# The packaged numerapi command, against the build's sandbox and then against the packaged one.
out=$("$root/usr/bin/numerapi" --api-url "$(field api_url)" --ca-file "$(field ca_file)" current-round) ||
  fail "the packaged numerapi failed"
[[ $out == 1150 ]] || fail "numerapi current-round printed: $out"
kill "$pid"
wait "$pid" 2>/dev/null || true
sandbox=$root/usr/bin/numerapi-sandbox
rm -rf "$work/state"
start_sandbox --dataset-size 64k
out=$("$root/usr/bin/numerapi" --api-url "$(field api_url)" --ca-file "$(field ca_file)" current-round) ||
  fail "the packaged numerapi failed against the packaged sandbox"
[[ $out == 1150 ]] || fail "numerapi current-round printed: $out"
echo "numerapi current-round: $out, against $(basename "$2") and the packaged numerapi-sandbox"
pass

echo "$passed passed, 0 failed"

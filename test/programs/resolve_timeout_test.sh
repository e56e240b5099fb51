#!/usr/bin/env bash
# Name resolution comes under client_options::connect_timeout: with a resolver that takes
# 5 s (slow_resolver_shim, preloaded), a download with a 300 ms connect timeout fails with
# a timeout well before the resolver answers, and writes nothing.
#   resolve_timeout_test.sh CLIENT SHIM
set -euo pipefail
client=$1 shim=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

out=$(LD_PRELOAD="$shim" ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" \
      "$client" --connect-timeout 300 --max-attempts 1 get "https://slow-resolver.test/a.bin" "$work/a.bin") \
  || fail "client failed"
echo "$out"
elapsed_ms=$(python3 - "$out" <<'PY'
import json, sys
step = json.loads(sys.argv[1])
assert not step["ok"] and "timeout" in step["error"], step
print(step["ms"])
PY
) || fail "the download did not time out"
(( elapsed_ms < 3000 )) || fail "the call waited for the resolver ($elapsed_ms ms), not for its connect timeout"
[[ ! -e "$work/a.bin" ]] || fail "a file was written"
echo "resolve_timeout_test: a 5 s resolver ended by the 300 ms connect timeout after $elapsed_ms ms"

#!/usr/bin/env bash
# Runs examples/example against a freshly started numerapi-sandbox and checks its output.
set -euo pipefail
sandbox=$1 example=$2
work=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
coproc SANDBOX { exec "$sandbox" --port 0 --state-dir "$work/state" --dataset-size 64k; }
pid=$SANDBOX_PID
IFS= read -r -t 5 ready <&"${SANDBOX[0]}" || fail "no ready line"
field() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$ready" "$1"; }
export NUMERAI_PUBLIC_ID=$(field public_id) NUMERAI_SECRET_KEY=$(field secret_key)

"$example" --api-url "$(field api_url)" --ca-file "$(field ca_file)" >"$work/out" 2>&1 || { cat "$work/out"; fail "example failed"; }
cat "$work/out"
grep -q '^current round: 1150$' "$work/out" || fail "no current round"
grep -q 'v5.2/train.parquet' "$work/out" || fail "no datasets"
grep -q '^account: sandbox_user' "$work/out" || fail "no account"
grep -q 'model sandbox_model ' "$work/out" || fail "no models"
grep -q '^profile of sandbox_model' "$work/out" || fail "no profile"
grep -q "$NUMERAI_SECRET_KEY" "$work/out" && fail "the secret key was printed"

NUMERAI_SECRET_KEY=wrong "$example" --api-url "$(field api_url)" --ca-file "$(field ca_file)" >"$work/bad" 2>&1 && fail "a bad key succeeded"
grep -q 'Your session is invalid or has expired.' "$work/bad" || { cat "$work/bad"; fail "bad key: no server message"; }
echo "2 passed, 0 failed"

#!/usr/bin/env bash
# Runs examples/example against a freshly started numerapi-sandbox and checks its output.
set -euo pipefail
sandbox=$1 example=$2 examples=$(dirname "$2")
work=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
source "$(dirname "$0")/with_sandbox.sh"
start_sandbox --dataset-size 64k
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
api=(--api-url "$(field api_url)" --ca-file "$(field ca_file)")
python3 -c '
import sys
with open(sys.argv[1], "w") as f:
    f.write("id,prediction\n")
    for i in range(300): f.write(f"n{i:015d},{(i * 37 % 1000) / 1000:.4f}\n")' "$work/p.csv"
"$examples/upload_predictions" "$work/p.csv" --model sandbox_model "${api[@]}" >"$work/up" 2>&1 || { cat "$work/up"; fail "upload_predictions failed"; }
grep -Eq '^submission id: [0-9a-f-]{36}$' "$work/up" || { cat "$work/up"; fail "no submission id"; }
grep -q '^sent ' "$work/up" || fail "no upload progress"
printf 'id,prediction\nn1,3\n' >"$work/bad.csv"
"$examples/upload_predictions" "$work/bad.csv" --model sandbox_model "${api[@]}" >"$work/bad-up" 2>&1 && fail "a bad file was accepted"
grep -q 'invalid_submission_values: line 2' "$work/bad-up" || { cat "$work/bad-up"; fail "bad file: no clear message"; }

"$examples/service_loop" "${api[@]}" --rounds 3 >"$work/loop" 2>&1 || { cat "$work/loop"; fail "service_loop failed"; }
cat "$work/loop"
[[ $(grep -c '^tick [0-9]: round 1150, new: true, 9 dataset files$' "$work/loop") == 3 ]] || fail "service_loop: ticks"
grep -q '^a call with no time at all: cancelled cleanly$' "$work/loop" || fail "service_loop: the deadline"
grep -Eq '^heartbeats meanwhile: [1-9]' "$work/loop" || fail "service_loop: no heartbeat"
# Three ticks of three calls each: at least 9 attempts counted from the library's events.
grep -Eq '^metrics: (9|[1-9][0-9]) attempts \(0 HTTP errors, [0-9]+ network errors\), 0 retries, 0 rate-gate pauses, [1-9][0-9]* bytes in' \
  "$work/loop" || fail "service_loop: the metrics"
echo "5 passed, 0 failed"

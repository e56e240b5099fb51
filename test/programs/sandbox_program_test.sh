#!/usr/bin/env bash
# The numerapi-sandbox program as a user runs it: ready line within 2 s, the README's curl
# query, a ranged GET of a dataset URL, loopback-only listening, nothing written outside
# --state-dir, and a clean stop on SIGTERM.
set -euo pipefail
sandbox=$1
work=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
cd "$work"
mkdir cwd && cd cwd
fail() { echo "FAIL: $*" >&2; exit 1; }

start=$(date +%s%N)
coproc SANDBOX { exec "$sandbox" --port 0 --state-dir "$work/state" --dataset-size 1M; }
pid=$SANDBOX_PID
IFS= read -r -t 2 ready <&"${SANDBOX[0]}" || fail "no ready line within 2 s"
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "ready after ${elapsed_ms} ms: $ready"

field() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$ready" "$1"; }
api_url=$(field api_url); ca_file=$(field ca_file)
[[ "$(field pid)" == "$pid" ]] || fail "pid in ready line is not the process id"
[[ "$api_url" == https://127.0.0.1:* ]] || fail "api_url $api_url is not on 127.0.0.1"

answer=$(curl -sS --cacert "$ca_file" -H 'Content-Type: application/json' \
  -d '{"query":"query { rounds(number: 0, tournament: 8) { number openTime } }"}' "$api_url")
echo "current round: $answer"
python3 - "$answer" <<'PY' || fail "current round answer has the wrong shape"
import json, sys
rounds = json.loads(sys.argv[1])["data"]["rounds"]
assert len(rounds) == 1 and list(rounds[0]) == ["number", "openTime"], rounds
assert isinstance(rounds[0]["number"], int) and rounds[0]["openTime"].endswith("Z")
PY

url=$(curl -sS --cacert "$ca_file" -H 'Content-Type: application/json' \
  -d '{"query":"query { dataset(filename: \"v5.2/train.parquet\", tournament: 8) }"}' "$api_url" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["dataset"])')
curl -sS --cacert "$ca_file" -o whole "$url"
[[ $(stat -c %s whole) == 1048576 ]] || fail "whole file is not 1 MiB"
status=$(curl -sS --cacert "$ca_file" -r 1000-1999 -D headers -o part -w '%{http_code}' "$url")
[[ "$status" == 206 ]] || fail "ranged GET answered $status"
grep -qi '^content-range: bytes 1000-1999/1048576' headers || fail "wrong Content-Range: $(cat headers)"
cmp part <(tail -c +1001 whole | head -c 1000) || fail "ranged bytes differ from the file's bytes 1000-1999"
echo "ranged GET: 206, bytes 1000-1999/1048576, bytes match"

zip_url=$(curl -sS --cacert "$ca_file" -H 'Content-Type: application/json' \
  -d '{"query":"query($tournament: Int!) {\n    dataset(tournament: $tournament)\n}","variables":{"tournament":8}}' "$api_url" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["dataset"])')
curl -sS --cacert "$ca_file" -o legacy.zip "$zip_url"
python3 - legacy.zip <<'PY' || fail "legacy zip is not a valid archive with the three CSVs"
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
names = z.namelist()
assert names == ["numerai_training_data.csv", "numerai_tournament_data.csv", "example_predictions.csv"], names
assert z.read("example_predictions.csv").startswith(b"id,probability\n")
assert z.read("numerai_training_data.csv").startswith(b"id,era,data_type,feature1,")
PY
echo "legacy zip: three CSVs, CRCs good"

listening=$(ss -Hltnp | grep "pid=$pid," | awk '{print $4}')
[[ -n "$listening" ]] || fail "no listening socket found for pid $pid"
while read -r addr; do
  [[ "$addr" == 127.0.0.1:* ]] || fail "listens on $addr"
done <<<"$listening"
echo "listens on: $listening"

kill -TERM "$pid"
for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$pid" 2>/dev/null && fail "still running 5 s after SIGTERM"
wait "$pid" && code=0 || code=$?
[[ $code == 0 ]] || fail "exit status $code after SIGTERM"

rm -f whole part headers legacy.zip
[[ -z "$(ls -A "$work/cwd")" ]] || fail "wrote into the working directory: $(ls -A "$work/cwd")"
[[ "$(cd "$work" && ls)" == $'cwd\nstate' ]] || fail "wrote outside --state-dir: $(ls "$work")"
ls "$work/state"
echo "1 passed, 0 failed"

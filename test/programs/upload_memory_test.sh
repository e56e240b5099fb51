#!/usr/bin/env bash
# A 1 GiB upload to the sandbox through numerapi::client::upload: the uploading process's
# peak RSS stays under 32 MiB, the server stores every byte, and its MD5 ETag matches
# what was sent (issue 5).
set -euo pipefail
sandbox=$1 uploader=$2
work=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
source "$(dirname "$0")/with_sandbox.sh"
start_sandbox --dataset-size 64k
api=$(field api_url) ca=$(field ca_file)
auth="Token $(field public_id)\$$(field secret_key)"
url=$(curl -sS --cacert "$ca" -H "Authorization: $auth" -H 'Content-Type: application/json' \
  --data '{"query":"query { submission_upload_auth(filename: \"big.csv\", tournament: 8) { url } }"}' "$api" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["submission_upload_auth"]["url"])')
head -c 1M /dev/urandom >"$work/block"
for _ in $(seq 1024); do cat "$work/block"; done >"$work/big.bin" # 1 GiB, not sparse: real reads
out=$("$uploader" --ca-file "$ca" "$url" "$work/big.bin") || fail "upload failed"
echo "$out"
python3 - "$out" "$(md5sum "$work/big.bin" | cut -d' ' -f1)" <<'PY' || fail "checks failed"
import json, sys
r, md5 = json.loads(sys.argv[1]), sys.argv[2]
assert r["bytes"] == 1 << 30, r
assert r["status"] == 200, r
assert r["md5"] == md5 and r["etag"] == md5, (r, md5)
assert r["max_rss_kib"] < 32 * 1024, f"peak RSS {r['max_rss_kib']} KiB"
print(f"1 GiB in {r['seconds']:.1f} s, peak RSS {r['max_rss_kib'] / 1024:.1f} MiB")
PY
stored=$(find "$work/state/uploads" -type f -name '*big.csv' -printf '%s')
[[ $stored == $((1 << 30)) ]] || fail "the sandbox stored $stored bytes"
echo "1 passed, 0 failed"

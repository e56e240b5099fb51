#!/usr/bin/env bash
# Our sandbox is not the world: the client against nginx, a server we did not write, with
# keep-alive connections it closes after 1 s idle (keepalive_timeout 1s), as S3, CDNs and
# Node servers close theirs after seconds. Each step reuses the same client and pool:
#  - two downloads 2 s apart (the pooled connection was closed meanwhile) both succeed
#    without a failed attempt, and each file's bytes are right;
#  - a 4-segment download after its segments' connections idled out;
#  - a PUT (WebDAV) after idling, stored byte for byte;
#  - reruns over complete files (one stream, 4 segments, and Last-Modified only with
#    `etag off`) are answered 304 and keep the files; a file changed on the server is
#    fetched again;
#  - every connection after the first resumes a TLS session nginx gave (its access log's
#    $ssl_session_reused), with the certificate checks of the first;
#  - https://localhost with a certificate that names localhost only in its subject CN (no
#    subjectAltName) is refused, and with it in a subjectAltName accepted: names are
#    matched against subjectAltName only (RFC 6125), as browsers do.
set -euo pipefail
client=$1
command -v nginx >/dev/null || { echo "foreign_servers_test: nginx is missing (scripts/bootstrap installs it)" >&2; exit 1; }
work=$(mktemp -d)
trap '[[ -f "$work/nginx.pid" ]] && kill "$(cat "$work/nginx.pid")" 2>/dev/null; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

mkdir -p "$work/www" "$work/tmp" "$work/out"
head -c 4M /dev/urandom >"$work/www/a.bin"
head -c 5M /dev/urandom >"$work/www/b.bin"
head -c 2M /dev/urandom >"$work/upload.bin"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" \
  -days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 2>/dev/null
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/cn-key.pem" -out "$work/cn.pem" \
  -days 2 -subj /CN=localhost 2>/dev/null
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/san-key.pem" -out "$work/san.pem" \
  -days 2 -subj /CN=localhost -addext subjectAltName=DNS:localhost 2>/dev/null
cat "$work/cert.pem" "$work/cn.pem" "$work/san.pem" >"$work/trusted.pem"
source "$(dirname "$0")/with_nginx.sh"
port=$(free_port); cn_port=$(free_port); san_port=$(free_port)
start_nginx "  keepalive_timeout 1s;
  client_max_body_size 64m;
  log_format tls '\$ssl_session_reused \$connection \$request';
  server {
    listen 127.0.0.1:$port ssl;
    access_log $work/access.log; # a server's access_log replaces the http block's
    access_log $work/tls.log tls;
    ssl_certificate $work/cert.pem;
    ssl_certificate_key $work/key.pem;
    root $work/www;
    location /put/ { dav_methods PUT; create_full_put_path on; }
    location /noetag/ { alias $work/www/; etag off; }
  }
  server {
    listen 127.0.0.1:$cn_port ssl;
    ssl_certificate $work/cn.pem;
    ssl_certificate_key $work/cn-key.pem;
    root $work/www;
  }
  server {
    listen 127.0.0.1:$san_port ssl;
    ssl_certificate $work/san.pem;
    ssl_certificate_key $work/san-key.pem;
    root $work/www;
  }"
base="https://127.0.0.1:$port"

out=$("$client" --ca-file "$work/trusted.pem" \
  get "$base/a.bin" "$work/out/a1.bin" sleep 2000 get "$base/b.bin" "$work/out/b1.bin" sleep 2000 \
  get "$base/b.bin" "$work/out/b4.bin" 4 sleep 2000 get "$base/a.bin" "$work/out/a4.bin" 4 sleep 2000 \
  put "$base/put/up.bin" "$work/upload.bin" sleep 2000 put "$base/put/up2.bin" "$work/upload.bin" \
  get "https://localhost:$cn_port/a.bin" "$work/out/cn.bin" get "https://localhost:$san_port/a.bin" "$work/out/san.bin") \
  || fail "client failed"
echo "$out"
python3 - "$out" <<'PY' || fail "a step failed"
import json, sys
steps = [json.loads(l) for l in sys.argv[1].splitlines() if '"sleep"' not in l]
assert len(steps) == 8, steps
for s in steps[:6]:
    assert s["ok"], s
gets, puts = steps[:4], steps[4:6]
cn_only, san = steps[6], steps[7]
assert not cn_only["ok"] and "certificate verify failed" in cn_only["error"], f"a subject CN was accepted: {cn_only}"
assert san["ok"], san
for s in gets[:2]:
    assert s["attempts"] == 1, f"a closed pooled connection cost an attempt: {s}"
for s in gets[2:]:
    assert s["segments"] == 4 and s["attempts"] == 5, f"segments after idling: {s}"
for s in puts:
    assert s["status"] in (201, 204) and s["attempts"] == 1, s
PY
[[ ! -e "$work/out/cn.bin" ]] || fail "the refused server's file was written"
for f in a1:a b1:b b4:b a4:a san:a; do
  cmp -s "$work/out/${f%%:*}.bin" "$work/www/${f##*:}.bin" || fail "${f%%:*}.bin differs from the server's file"
done
cmp -s "$work/www/put/up.bin" "$work/upload.bin" && cmp -s "$work/www/put/up2.bin" "$work/upload.bin" || fail "nginx stored other bytes"
# TLS sessions: one full handshake, then resumptions (a connection's first request tells).
python3 - "$work/tls.log" <<'PY' || fail "connections after the first did not resume their TLS session"
import sys
first = {}
for line in open(sys.argv[1]):
    reused, connection = line.split()[:2]
    first.setdefault(connection, reused)
fresh = [c for c, r in first.items() if r != "r"]
print(f"nginx: {len(first)} connections, {len(first) - len(fresh)} resumed a TLS session")
assert len(first) >= 10 and len(fresh) == 1, first
PY
# Reruns: asked with the recorded ETag (or Last-Modified date), answered 304, kept.
out=$("$client" --ca-file "$work/trusted.pem" \
  get "$base/a.bin" "$work/out/a1.bin" get "$base/b.bin" "$work/out/b4.bin" 4 \
  get "$base/noetag/a.bin" "$work/out/lm.bin" get "$base/noetag/a.bin" "$work/out/lm.bin") || fail "client failed"
echo "$out"
python3 - "$out" <<'PY' || fail "a rerun was fetched again"
import json, sys
steps = [json.loads(l) for l in sys.argv[1].splitlines()]
assert [s["ok"] for s in steps] == [True] * 4, steps
assert steps[0]["unchanged"] and steps[1]["unchanged"] and steps[3]["unchanged"], steps
assert not steps[2]["unchanged"], steps  # the first download of lm.bin
PY
[[ $(grep -c '" 304 0 ' "$work/access.log") == 3 ]] || fail "nginx did not answer the three reruns 304"
cmp -s "$work/out/lm.bin" "$work/www/a.bin" || fail "lm.bin differs from the server's file"
# The server's file changes (new bytes, new modification time): fetched whole again.
sleep 1.1
head -c 3M /dev/urandom >"$work/www/a.bin"
out=$("$client" --ca-file "$work/trusted.pem" get "$base/a.bin" "$work/out/a1.bin" \
  get "$base/noetag/a.bin" "$work/out/lm.bin") || fail "client failed"
echo "$out"
python3 - "$out" <<'PY' || fail "a changed file was kept"
import json, sys
steps = [json.loads(l) for l in sys.argv[1].splitlines()]
assert all(s["ok"] and not s["unchanged"] and s["bytes"] == 3 << 20 for s in steps), steps
PY
cmp -s "$work/out/a1.bin" "$work/www/a.bin" && cmp -s "$work/out/lm.bin" "$work/www/a.bin" || fail "a changed file differs"
echo "foreign_servers_test: 8 steps against nginx (keepalive_timeout 1s; certificates named by CN and SAN) and reruns passed"

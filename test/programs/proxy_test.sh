#!/usr/bin/env bash
# HTTPS_PROXY and NO_PROXY, as curl and Python requests honour them, against a proxy we did
# not write (Debian's tinyproxy) in front of a server we did not write (nginx):
#  - through the proxy: the download's bytes are right and the proxy logged the CONNECT to
#    nginx's port (TLS inside the tunnel: the server's certificate is verified as usual);
#  - NO_PROXY naming the host (and in CIDR form): direct, and the proxy saw nothing new;
#  - a proxy that wants credentials: a 407 without them, a permanent error that says so;
#    with user:password@ (percent-encoded: %2E) in the proxy URL it works; no output shows the
#    password;
#  - a proxy that refuses the port (ConnectPort): the proxy's 403, said to be the proxy's;
#  - a proxy that does not listen: a connect failure, no file written;
#  - the numerapi command against the sandbox goes through the proxy too.
#   proxy_test.sh CLIENT SANDBOX CLI
set -euo pipefail
client=$1 sandbox=$2 cli=$3
command -v nginx >/dev/null || { echo "proxy_test: nginx is missing (scripts/bootstrap installs it)" >&2; exit 1; }
command -v tinyproxy >/dev/null || { echo "proxy_test: tinyproxy is missing (scripts/bootstrap installs it)" >&2; exit 1; }
work=$(mktemp -d)
pids=()
cleanup() {
  [[ -f "$work/nginx.pid" ]] && kill "$(cat "$work/nginx.pid")" 2>/dev/null
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
source "$(dirname "$0")/with_nginx.sh"

mkdir -p "$work/www" "$work/tmp" "$work/out"
head -c 3M /dev/urandom >"$work/www/a.bin"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" \
  -days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 2>/dev/null
port=$(free_port)
start_nginx "  server {
    listen 127.0.0.1:$port ssl;
    ssl_certificate $work/cert.pem;
    ssl_certificate_key $work/key.pem;
    root $work/www;
  }"

# start_proxy NAME EXTRA-CONFIG-LINES: a tinyproxy on a free loopback port, whose port it
# puts in $proxy_port. Called directly, never in $(...): the pid must reach this shell's
# $pids, or the cleanup would leave the proxy running.
start_proxy() {
  local name=$1 extra=$2 p
  p=$(free_port)
  cat >"$work/$name.conf" <<CONF
Port $p
Listen 127.0.0.1
Timeout 30
MaxClients 16
LogFile "$work/$name.log"
LogLevel Info
Allow 127.0.0.1
$( [[ $(id -u) == 0 ]] && printf 'User nobody\nGroup nogroup' )
$extra
CONF
  : >"$work/$name.log" && chmod a+rw "$work/$name.log"
  tinyproxy -d -c "$work/$name.conf" >"$work/$name.out" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do
    python3 -c "import socket; socket.create_connection(('127.0.0.1', $p), 0.2)" 2>/dev/null && { proxy_port=$p; return; }
    sleep 0.1
  done
  cat "$work/$name.out" >&2
  fail "tinyproxy $name did not start"
}
start_proxy open "" && open_port=$proxy_port
start_proxy auth "BasicAuth numerai s3cr.t-pw" && auth_port=$proxy_port
start_proxy strict "ConnectPort 443" && strict_port=$proxy_port
dead_port=$(free_port)
connects() { grep -c "CONNECT 127.0.0.1:$2" "$work/$1.log" || true; }

base="https://127.0.0.1:$port"
get() { # ENV... -- OUT: one download through the client with the given environment
  local envs=() ; while [[ $1 != -- ]]; do envs+=("$1"); shift; done; shift
  env -u https_proxy -u HTTPS_PROXY -u all_proxy -u ALL_PROXY -u no_proxy -u NO_PROXY "${envs[@]}" \
    "$client" --ca-file "$work/cert.pem" --max-attempts 2 get "$base/a.bin" "$work/out/$1"
}
check() { # JSON-LINE PYTHON-CONDITION MESSAGE
  python3 -c "import json,sys; s=json.loads(sys.argv[1]); assert $2, s" "$1" || fail "$3: $1"
}

# 1. Through the proxy.
out=$(get HTTPS_PROXY="http://127.0.0.1:$open_port" -- via.bin); echo "$out"
check "$out" 's["ok"] and s["attempts"] == 1' "the download through the proxy failed"
cmp -s "$work/out/via.bin" "$work/www/a.bin" || fail "the file through the proxy differs"
(( $(connects open "$port") == 1 )) || fail "the proxy did not see one CONNECT to nginx: $(cat "$work/open.log")"
# Lower case wins, as in curl and requests; without a scheme, http:// is meant.
out=$(get https_proxy="127.0.0.1:$open_port" HTTPS_PROXY="http://127.0.0.1:$dead_port" -- lower.bin); echo "$out"
check "$out" 's["ok"]' "https_proxy (no scheme) was not used"
(( $(connects open "$port") == 2 )) || fail "https_proxy did not go through the proxy"

# 2. NO_PROXY: direct.
for no_proxy in "example.com, 127.0.0.1" "127.0.0.0/8" "*"; do
  out=$(get HTTPS_PROXY="http://127.0.0.1:$open_port" NO_PROXY="$no_proxy" -- direct.bin); echo "$out"
  check "$out" 's["ok"]' "NO_PROXY=$no_proxy: the download failed"
  (( $(connects open "$port") == 2 )) || fail "NO_PROXY=$no_proxy: the proxy was used"
done
out=$(get HTTPS_PROXY="http://127.0.0.1:$open_port" NO_PROXY="example.com,10.0.0.0/8" -- notdirect.bin); echo "$out"
(( $(connects open "$port") == 3 )) || fail "NO_PROXY naming other hosts bypassed the proxy"

# 3. Credentials.
out=$(get HTTPS_PROXY="http://127.0.0.1:$auth_port" -- noauth.bin); echo "$out"
check "$out" 's["error"].startswith("download (HTTP 407): the proxy") and s["attempts"] == 1' \
  "a 407 was not a permanent error naming the proxy"
[[ ! -e "$work/out/noauth.bin" ]] || fail "a file was written after the 407"
out=$(get HTTPS_PROXY="http://numerai:wrong@127.0.0.1:$auth_port" -- badauth.bin 2>&1); echo "$out"
check "$out" 'not s["ok"] and s["http_status"] in (401, 407) and "refused the credentials" in s["error"]' \
  "wrong credentials were not refused" # tinyproxy answers them with a 401
[[ $out != *wrong* ]] || fail "the output shows the proxy password"
out=$(get HTTPS_PROXY="http://numerai:s3cr%2Et-pw@127.0.0.1:$auth_port" -- auth.bin 2>&1); echo "$out"
check "$out" 's["ok"]' "the download with proxy credentials failed"
[[ $out != *s3cr* ]] || fail "the output shows the proxy password"
cmp -s "$work/out/auth.bin" "$work/www/a.bin" || fail "the file through the authenticating proxy differs"

# 4. A proxy that refuses the port.
out=$(get HTTPS_PROXY="http://127.0.0.1:$strict_port" -- strict.bin); echo "$out"
check "$out" 'not s["ok"] and s["http_status"] == 403 and "the proxy http://127.0.0.1" in s["error"]' \
  "the proxy's refusal was not reported as the proxy's"

# 5. No proxy listening: a connect failure, retried as one, nothing written.
out=$(get HTTPS_PROXY="http://127.0.0.1:$dead_port" -- dead.bin); echo "$out"
check "$out" 'not s["ok"] and s["attempts"] == 2 and "through the proxy http://127.0.0.1" in s["error"]' \
  "a refused connect to the proxy was not a transient failure that names the proxy"
[[ ! -e "$work/out/dead.bin" ]] || fail "a file was written without a connection"

# 6. The numerapi command through the proxy.
source "$(dirname "$0")/with_sandbox.sh"
start_sandbox
pids+=("$pid")
sandbox_url=$(field api_url)
sandbox_port=${sandbox_url##*:}
sandbox_port=${sandbox_port%%/*}
round=$(env -u NO_PROXY -u no_proxy HTTPS_PROXY="http://127.0.0.1:$open_port" \
  "$cli" --api-url "$sandbox_url" --ca-file "$(field ca_file)" current-round) \
  || fail "numerapi current-round through the proxy failed"
[[ $round =~ ^[0-9]+$ ]] || fail "numerapi current-round printed $round"
(( $(connects open "$sandbox_port") >= 1 )) || fail "the numerapi command did not use the proxy"
echo "proxy_test: tinyproxy CONNECT, NO_PROXY (names, CIDR, *), 407/403 refusals, credentials, a dead proxy and the CLI passed"

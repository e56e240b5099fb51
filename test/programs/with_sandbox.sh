# Sourced by the program tests: starting numerapi-sandbox and reading its ready line.
# Needs $sandbox (the program) and $work (a scratch directory) set by the test.
fail() { echo "FAIL: $*" >&2; exit 1; }
# start_sandbox [ARGS...]: starts it on a free loopback port with its state in $work/state;
# sets $pid and $ready (the JSON ready line).
start_sandbox() {
  coproc SANDBOX { exec "$sandbox" --port 0 --state-dir "$work/state" "$@"; }
  pid=$SANDBOX_PID
  IFS= read -r -t 5 ready <&"${SANDBOX[0]}" || fail "no ready line"
}
# field NAME: a member of the ready line (api_url, ca_file, public_id, secret_key, pid).
field() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$ready" "$1"; }

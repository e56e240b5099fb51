#!/usr/bin/env bash
# The numerapi command against a freshly started numerapi-sandbox: every command's output
# (--json parsed) and exit code, the error cases with their exit codes and one clear line,
# progress bars under a pseudo-terminal, and the secret key never printed.
set -euo pipefail
sandbox=$1 numerapi=$2
work=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
source "$(dirname "$0")/with_sandbox.sh"
start_sandbox --dataset-size 1M
export NUMERAI_PUBLIC_ID=$(field public_id) NUMERAI_SECRET_KEY=$(field secret_key)
secret=$NUMERAI_SECRET_KEY
n=("$numerapi" --api-url "$(field api_url)" --ca-file "$(field ca_file)")
passed=0
# expect NAME EXIT_CODE PYTHON_CHECK -- ARGS...: runs the command, checks its exit code and
# its stdout with a Python expression over `out` (the text) and `j` (the parsed JSON, if any).
expect() {
  local name=$1 code=$2 check=$3
  shift 4
  set +e
  "$@" >"$work/out" 2>"$work/err"
  local rc=$?
  set -e
  [[ $rc == "$code" ]] || { cat "$work/out" "$work/err"; fail "$name: exit $rc, expected $code"; }
  python3 - "$work/out" "$work/err" "$check" <<'PY' || { cat "$work/out" "$work/err"; fail "$name: $check"; }
import json, sys
out, err = open(sys.argv[1]).read(), open(sys.argv[2]).read()
try:
    j = json.loads(out)
except ValueError:
    j = None
sys.exit(0 if eval(sys.argv[3]) else 1)
PY
  if grep -qF "$secret" "$work/out" "$work/err"; then fail "$name: the secret key was printed"; fi
  passed=$((passed + 1))
}

expect current-round 0 'j == 1150' -- "${n[@]}" --json current-round
expect current-round-signals 0 'out.strip() == "1150"' -- "${n[@]}" current-round --tournament 11
expect competitions 0 'len(j) == 41 and j[0]["number"] == 1150' -- "${n[@]}" --json competitions
expect list-datasets 0 '"v5.2/train.parquet" in j' -- "${n[@]}" --json list-datasets
expect list-datasets-round 0 '"v5.2/train.parquet" in j' -- "${n[@]}" --json list-datasets --round_num 1149
expect download-dataset 0 'j["size"] == 16384 and j["path"].endswith("live.parquet")' -- \
  "${n[@]}" --json download-dataset --filename v5.2/live.parquet --dest_path "$work/live.parquet"
[[ $(stat -c %s "$work/live.parquet") == 16384 ]] || fail "download-dataset wrote $(stat -c %s "$work/live.parquet") bytes"
expect download-current-dataset 0 'len(j["files"]) >= 5 and all(f["size"] > 0 for f in j["files"])' -- \
  "${n[@]}" --json download-current-dataset --dest_path "$work/data" --jobs 3
[[ -f $work/data/v5.2/train.parquet ]] || fail "download-current-dataset: no train.parquet"
# --jobs sizes the pool: files at once come from one host, each on its own connection (the
# pool's default is 4 per host, which made --jobs 8 run 4 at once).
connections() { curl -sf --cacert "$(field ca_file)" "$(field api_url)/_sandbox/stats" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["connections"])'; }
before=$(connections)
files=$("${n[@]}" --json download-current-dataset --dest_path "$work/jobs8" --jobs 8 |
  python3 -c 'import json,sys; print(len(json.load(sys.stdin)["files"]))') || fail "--jobs 8 failed"
opened=$(( $(connections) - before - 1 )) # less the stats request's own connection
wanted=$(( files < 8 ? files : 8 ))
(( opened >= wanted )) || fail "--jobs 8 with $files files opened $opened connections, not $wanted"
expect download-current-dataset-unzip 0 'len(j["extracted"]) == 3' -- \
  "${n[@]}" --json download-current-dataset --dest_path "$work/zip" --unzip
# A rerun over a complete directory: one conditional request per file, every one a 304,
# and not a byte of a body. Without --json, one path per line.
file_gets() { # FROM: the file requests the sandbox saw from the FROM-th request on, as JSON
  curl -sf --cacert "$(field ca_file)" "$(field api_url)/_sandbox/requests" | python3 -c '
import json, sys
print(json.dumps([r for r in json.load(sys.stdin)[int(sys.argv[1]):] if r["path"].startswith("/datasets/")]))' "$1"
}
all_requests() { curl -sf --cacert "$(field ca_file)" "$(field api_url)/_sandbox/requests" |
  python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }
from=$(all_requests)
expect rerun-unchanged 0 "len(out.splitlines()) >= 5 and all(l.startswith('$work/data/') for l in out.splitlines())" -- \
  "${n[@]}" download-current-dataset --dest_path "$work/data" --jobs 3
file_gets "$from" >"$work/rerun.json"
python3 - "$work/rerun.json" <<'PY' || fail "rerun-unchanged: not one 304 per file"
import json, sys
gets = json.load(open(sys.argv[1]))
assert len(gets) >= 5, gets
assert all(g["status"] == 304 and g["body_bytes_sent"] == 0 and g["if_none_match"] for g in gets), gets
PY
grep -q '^up to date: v5.2/train.parquet' "$work/err" || fail "rerun-unchanged: no 'up to date' line"
from=$(all_requests)
expect rerun-force 0 'len(j["files"]) >= 5 and not any(f["unchanged"] for f in j["files"])' -- \
  "${n[@]}" --json download-current-dataset --dest_path "$work/data" --jobs 3 --force
cp "$work/out" "$work/force-result.json"
file_gets "$from" >"$work/force.json"
python3 - "$work/force.json" "$work/force-result.json" <<'PY' || fail "rerun-force: not fetched whole"
import json, sys
gets, result = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
assert gets and all(r["status"] in (200, 206) and not r["if_none_match"] for r in gets), gets
assert sum(r["body_bytes_sent"] for r in gets) >= sum(f["size"] for f in result["files"])
PY
expect download-dataset-unchanged 0 'j["unchanged"] is True and j["size"] == 16384' -- \
  "${n[@]}" --json download-dataset --filename v5.2/live.parquet --dest_path "$work/live.parquet"
expect check-new-round 0 'j == 1' -- "${n[@]}" --json check-new-round --hours 12
expect account 0 'j["username"] == "sandbox_user" and len(j["models"]) == 4' -- "${n[@]}" --json account
expect models 0 'list(j) == ["sandbox_model", "sandbox_model_2"]' -- "${n[@]}" --json models
expect models-crypto 0 'list(j) == ["sandbox_crypto"]' -- "${n[@]}" --json models --tournament 12
expect transactions 0 'len(j) == 6 and j[0]["type"] == "deposit" and len(j[0]["amount"].split(".")[1]) == 18 and j[0]["txHash"].startswith("0x")' -- "${n[@]}" --json transactions
expect profile 0 'j["username"] == "sandbox_model"' -- "${n[@]}" --json profile sandbox_model
expect leaderboard 0 'len(j) == 20 and j[0]["rank"] >= 1 and "corr20Rep" in j[0] and len(j[0]["nmrStaked"].split(".")[1]) == 18' -- \
  "${n[@]}" --json leaderboard
expect leaderboard-page 0 'len(j) == 5 and "mmcRank" in j[0]' -- "${n[@]}" --json leaderboard --limit 5 --offset 295 --tournament 11
expect leaderboard-all 0 'len(j) == 300 and len({e["username"] for e in j}) == 300' -- "${n[@]}" --json leaderboard --all --tournament 12
leader=$("${n[@]}" --json leaderboard --limit 1 | python3 -c 'import json, sys; print(json.load(sys.stdin)[0]["username"])')
expect daily-model-performances 0 'len(j) == 30 and "corrRep" in j[0] and "fncV3Rank" in j[0] and j[0]["date"] < j[1]["date"]' -- \
  "${n[@]}" --json daily-model-performances "$leader"
# API requests the sandbox has answered (its control requests left out).
sandbox_requests() {
  curl -sf --cacert "$(field ca_file)" "$(field api_url)/_sandbox/requests" | python3 -c '
import json, sys
print(sum(not r["path"].startswith("/_sandbox/") for r in json.load(sys.stdin)))'
}
# Staking: exact amounts, the stake read after each change, --yes, and a terminal's "no".
D='__import__("decimal").Decimal'
stake0=$("${n[@]}" stake-get sandbox_model)
expect stake-increase 0 "j['request']['type'] == 'increase' and j['stakeBefore'] == '$stake0' and $D(j['stake']) == $D('$stake0') + $D('1.5')" -- \
  "${n[@]}" --json stake-increase 1.5 --model_id sandbox_model --yes
expect stake-get 0 "$D(out) == $D('$stake0') + $D('1.5')" -- "${n[@]}" stake-get sandbox_model
expect stake-decrease 0 "j['request']['type'] == 'decrease' and j['request']['dueDate'] and $D(j['stake']) == $D('$stake0') + 1" -- \
  "${n[@]}" --json stake-decrease 0.5 --model_id sandbox_model --yes </dev/null
printf 'n\n' | script -q -e -c "$(printf '%q ' "${n[@]}" stake-increase 7 --model_id sandbox_model)" "$work/stake.typescript" >/dev/null \
  && fail "stake-increase went on after a terminal's no"
grep -q "Increase the stake of sandbox_model by 7 NMR? \[y/N\]" "$work/stake.typescript" || fail "stake-increase did not ask on a terminal"
expect stake-unchanged 0 "$D(out) == $D('$stake0') + 1" -- "${n[@]}" stake-get sandbox_model
sandbox_faults() { curl -sf --cacert "$(field ca_file)" -X "$1" "$(field api_url)/_sandbox/faults" ${2:+-d "$2"} >/dev/null; }
sandbox_faults POST '[{"kind":"reset_before_headers","target":"graphql","query_contains":"v2ChangeStake","count":1}]' ||
  fail "could not set a reset fault"
expect stake-answer-lost 4 "j['request'] is None and j['answerLost'] and $D(j['stake']) == $D('$stake0') + 3 and 'not sent again' in err and 'reset' in err and 'timed out' not in err" -- \
  "${n[@]}" --json stake-increase 2 --model_id sandbox_model --yes
# No abbreviated options: --model is not --model_id, and nothing is sent.
expect no-prefixes 2 "'--model' in err and out == ''" -- "${n[@]}" stake-increase 5 --model sandbox_model --yes
# raw: a mutation is asked about as a stake change is; without a terminal it needs --yes.
before=$(sandbox_requests)
expect raw-mutation-no-terminal 5 "'raw sends a mutation and there is no terminal' in err and '--yes' in err" -- \
  "${n[@]}" raw 'mutation { releaseStake(modelId: "x", tournament: 8) { id } }' </dev/null
after=$(sandbox_requests)
[[ $after == "$before" ]] || fail "raw sent a mutation nobody confirmed"
expect raw-mutation-yes 6 "err == 'numerapi: the API refused it: the server says \"Cannot query field \\\"noSuchField\\\" on type \\\"RootMutationType\\\".\"\n'" -- \
  "${n[@]}" raw '# a comment with mutation in it
mutation { noSuchField }' --yes </dev/null
expect raw-query-unasked 0 'j["rounds"][0]["number"] == 1150' -- "${n[@]}" --json raw \
  '# mutation, in a comment only
query { rounds(number: 0, tournament: 8) { number } }' </dev/null
# Without a terminal, money moves only with --yes (stdin is /dev/null here, as under cron).
expect stake-no-terminal 5 "out == '' and 'no terminal' in err and '--yes' in err and 'nothing was sent' in err" -- \
  "${n[@]}" stake-increase 5 --model_id sandbox_model </dev/null
expect stake-no-terminal-unchanged 0 "$D(out) == $D('$stake0') + 3" -- "${n[@]}" stake-get sandbox_model
expect stake-drain 0 "j['request']['drain'] and j['stake'] == '0.000000000000000000'" -- \
  "${n[@]}" --json stake-drain --model_id sandbox_model --yes
expect stake-bad-amount 5 "err.startswith('numerapi: ') and 'decimal' in err" -- "${n[@]}" stake-increase 1e3 --model_id sandbox_model --yes
# The sandbox stakes only what the wallet holds, and stakeValue is a JSON number there as on
# the real API (the command prints it as the decimal it is).
expect stake-beyond-wallet 6 "'Insufficient NMR' in err" -- "${n[@]}" stake-increase 100000 --model_id sandbox_model --yes
expect stake-value-number 0 "isinstance(j['v3UserProfile']['stakeValue'], (int, float))" -- \
  "${n[@]}" --json raw 'query { v3UserProfile(modelName: "sandbox_model") { stakeValue } }'
expect account-tournaments 0 "sorted({m['tournament'] for m in j['models']}) == [8, 11, 12]" -- "${n[@]}" --json account
python3 -c '
import sys
with open(sys.argv[1], "w") as f:
    f.write("id,prediction\n")
    for i in range(200): f.write(f"n{i:015d},{(i * 37 % 1000) / 1000:.4f}\n")' "$work/predictions.csv"
expect submit 0 'len(j["id"]) == 36' -- "${n[@]}" --json submit "$work/predictions.csv" --model_id sandbox_model
# --live-ids: the round's live ids (a CSV with a header); every one of them needs a prediction.
python3 -c '
import sys
with open(sys.argv[1], "w") as f:
    f.write("id\n")
    for i in range(200): f.write(f"n{i:015d}\n")' "$work/live.csv"
expect submit-live-ids 0 'len(j["id"]) == 36' -- \
  "${n[@]}" --json submit "$work/predictions.csv" --model_id sandbox_model --live-ids "$work/live.csv"
expect submission-scores 0 'len(j) > 0 and "displayName" in j[0]' -- "${n[@]}" --json submission-scores --model_id sandbox_model
# Numbers as numerapi prints them (Python's json): 0.6638, never 6.638E-1.
expect numbers-as-python 0 '__import__("re").search(r"\d\.\d+,?\n", out) and not __import__("re").search(r"\dE[-+]?\d", out)' -- \
  "${n[@]}" submission-scores --model_id sandbox_model
# A model of another tournament: refused before the file is uploaded, with the fix.
signals_model=$("${n[@]}" --json models --tournament 11 | python3 -c 'import json,sys; print(next(iter(json.load(sys.stdin))))')
before=$(all_requests)
expect submit-other-tournament 5 "err == 'numerapi: the model $signals_model is a Signals model: pass --tournament 11 (nothing was sent)\n'" -- \
  "${n[@]}" submit "$work/predictions.csv" --model_id "$signals_model"
[[ $(curl -sf --cacert "$(field ca_file)" "$(field api_url)/_sandbox/requests" | python3 -c '
import json, sys
print(sum(1 for r in json.load(sys.stdin)[int(sys.argv[1]):] if r["method"] == "PUT" or "submission_upload_auth" in r["graphql_fields"]))' "$before") == 0 ]] ||
  fail "submit-other-tournament: the file was uploaded"
expect submission-filenames 0 'len(j) >= 1 and all(s["round_num"] == 1150 and s["filename"].endswith(".csv") and "id" not in s and "insertedAt" not in s for s in j)' -- \
  "${n[@]}" --json submission-filenames --model_id sandbox_model --round_num 1150
expect submission-filenames-other-round 0 'j == []' -- \
  "${n[@]}" --json submission-filenames --model_id sandbox_model --round_num 1100
expect raw 0 'j["rounds"][0]["number"] == 1150' -- "${n[@]}" --json raw \
  'query($t: Int) { rounds(number: 0, tournament: $t) { number } }' --variables '{"t": 8}'
# The endpoint and trust roots from the environment, as a shell pointed at the sandbox has them.
expect env-endpoint 0 'j == 1150 and "the endpoint comes from NUMERAI_API_URL" in err' -- env NUMERAI_API_URL="$(field api_url)" NUMERAI_CA_FILE="$(field ca_file)" \
  "$numerapi" --json current-round
expect env-flag-wins 4 "'Connection refused' in err" -- env NUMERAI_API_URL="$(field api_url)" NUMERAI_CA_FILE="$(field ca_file)" \
  "$numerapi" --api-url https://127.0.0.1:9 current-round
expect version 0 'len(out.strip().split(".")) == 3' -- "${n[@]}" version
expect version-flag 0 'len(out.strip().split(".")) == 3 and "\n" not in out.strip()' -- "${n[@]}" --version
expect version-short 0 'len(out.strip().split(".")) == 3' -- "${n[@]}" -V
# Help: a synopsis from the command's own arguments and options, its arguments apart from its
# options, named placeholders, an example, and no empty headings.
expect help-command 0 "(out.startswith('Usage: numerapi submit PATH --model_id ID [--live-ids CSV]\n\ncheck and upload') and
  '\nArguments:\n  PATH ' in out and '\n  --model_id ID ' in out and '--path' not in out and
  '\nExample:\n  numerapi submit predictions.csv --model_id my_model\n' in out)" -- "${n[@]}" help submit
expect help-no-options 0 "'Options:' not in out and out.startswith('Usage: numerapi account\n')" -- "${n[@]}" account --help
expect help-json-says 0 "'compact JSON on one line' in out and 'pretty JSON' in out" -- "${n[@]}" --help
for c in $("${n[@]}" --help | sed -n '/^Commands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }'); do
  expect "help-$c" 0 "out.startswith('Usage: numerapi $c') and '\nExample:\n  numerapi $c' in out and ' arg ' not in out and ' arg\n' not in out" -- \
    "${n[@]}" help "$c"
done
expect help-alone 0 "'Commands:' in out" -- "${n[@]}" help

# Errors: the exit code and one clear line on stderr.
one_line='len(err.strip().splitlines()) == 1 and err.startswith("numerapi: ")'
expect bad-api-url 5 "$one_line and \"https\" in err" -- "$numerapi" --api-url http://127.0.0.1:1 current-round
NUMERAI_SECRET_KEY=wrong expect bad-key 3 "err == 'numerapi: the API at $(field api_url) rejected the keys: check NUMERAI_PUBLIC_ID and NUMERAI_SECRET_KEY (numer.ai, Account, API keys)\n'" -- "${n[@]}" account
NUMERAI_SECRET_KEY=wrong expect bad-key-submit 3 "err == 'numerapi: the API at $(field api_url) rejected the keys: check NUMERAI_PUBLIC_ID and NUMERAI_SECRET_KEY (numer.ai, Account, API keys)\n'" -- \
  "${n[@]}" submit "$work/predictions.csv" --model_id sandbox_model
expect missing-file 5 "err == 'numerapi: cannot read $work/absent.csv: No such file or directory; nothing was sent\n'" -- \
  "${n[@]}" submit "$work/absent.csv" --model_id sandbox_model
expect directory-file 5 "err == 'numerapi: $work is a directory, not a predictions file; nothing was sent\n'" -- \
  "${n[@]}" submit "$work" --model_id sandbox_model
expect not-a-url 5 "err == 'numerapi: --api-url (or NUMERAI_API_URL) must be an https:// URL, such as the sandbox\'s api_url\n'" -- \
  "$numerapi" --api-url notaurl current-round
expect negative-limit 5 "err == 'numerapi: --limit -1: the number of entries cannot be negative\n'" -- "${n[@]}" leaderboard --limit -1
expect no-ca-file 4 "err == 'numerapi: cannot verify the certificate of $(field api_url) (certificate verify failed): for the sandbox, or a server with its own CA, pass --ca-file with that CA\'s PEM file (or set NUMERAI_CA_FILE)\n'" -- \
  "$numerapi" --api-url "$(field api_url)" current-round
printf 'n\n' | script -q -e -c "$(printf '%q ' "${n[@]}" stake-decrease 1 --model_id sandbox_model)" "$work/decline.typescript" >/dev/null \
  && fail "stake-decrease went on after a terminal's no"
# (The terminal's echo of the answer may come before or after the prompt: the line is
# checked from its "numerapi:" on.)
grep -q $'numerapi: stake-decrease was not confirmed: nothing was sent\r$' "$work/decline.typescript" ||
  fail "declining: not the one line"
passed=$((passed + 1))
printf 'id,prediction\nn1,0.5\nn2,1.5\n' >"$work/bad.csv"
expect bad-predictions 5 "$one_line and \"invalid_submission_values: line 3\" in err" -- \
  "${n[@]}" submit "$work/bad.csv" --model_id sandbox_model
printf 'n_not_predicted\n' >>"$work/live.csv"
expect live-id-missing 5 "$one_line and \"invalid_submission_ids: not enough ids: 1 of\" in err" -- \
  "${n[@]}" submit "$work/predictions.csv" --model_id sandbox_model --live-ids "$work/live.csv"
expect live-ids-unreadable 5 "$one_line and \"cannot read the live ids\" in err" -- \
  "${n[@]}" submit "$work/predictions.csv" --model_id sandbox_model --live-ids "$work/absent.csv"
expect unreachable 4 "err == 'numerapi: cannot reach https://127.0.0.1:9: Connection refused (gave up after 5 attempts) (check --api-url or NUMERAI_API_URL, and the network)\n'" -- \
  "$numerapi" --api-url https://127.0.0.1:9 --ca-file "$(field ca_file)" current-round
# --verbose prints the library's events (numerapi/events.hpp): each attempt, each retry.
sandbox_faults POST '[{"kind":"status","status":503,"target":"graphql","count":1}]' || fail "could not set a 503 fault"
api_host=$(field api_url); api_host=${api_host#https://}; api_host=${api_host%%/*}
expect verbose-events 0 "(j == 1150 and 'attempt get_current_round POST $api_host: 503, ' in err and
  'retry get_current_round ($api_host) after attempt 1 failed (HTTP 503' in err and
  'attempt get_current_round POST $api_host: 200, ' in err and '$secret' not in err)" -- \
  "${n[@]}" --json --verbose current-round
expect unknown-command 2 "$one_line" -- "${n[@]}" bogus
# Option names: both spellings, a suggestion for a typo, and "--" ends the options.
expect typo-command 2 "err == 'numerapi: there is no command \"sumbit\"; did you mean submit? (see numerapi --help)\n'" -- "${n[@]}" sumbit
expect typo-option 2 "err == 'numerapi: submit has no option --modle_id; did you mean --model_id? (see numerapi help submit)\n'" -- \
  "${n[@]}" submit "$work/predictions.csv" --modle_id sandbox_model
expect both-spellings 0 "out.strip() == '$work/spelled.parquet'" -- \
  "$numerapi" --api_url "$(field api_url)" --ca_file "$(field ca_file)" download-dataset --filename v5.2/live.parquet --dest-path "$work/spelled.parquet" --round-num 1150
# An option's value that looks like an option of the other spelling stays a value.
expect value-kept 0 "out.strip() == '--api_url'" -- \
  bash -c "cd '$work' && $(printf '%q ' "${n[@]}") download-dataset --filename v5.2/live.parquet --dest_path --api_url"
[[ -f "$work/--api_url" ]] || fail "value-kept: --dest_path's value was taken for an option"
expect value-kept-global 0 "out.strip() == '--json'" -- \
  bash -c "cd '$work' && $(printf '%q ' "${n[@]}") download-dataset --filename v5.2/live.parquet --dest_path --json"
cp "$work/predictions.csv" "$work/-dash.csv"
expect double-dash 0 'len(out.strip()) == 36' -- bash -c "cd '$work' && $(printf '%q ' "${n[@]}") submit --model_id sandbox_model -- -dash.csv"
expect missing-positional 2 "err == 'numerapi: submit needs PATH, the predictions file (CSV or Parquet): numerapi submit PATH --model_id ID [--live-ids CSV]\n'" -- \
  "${n[@]}" submit --model_id sandbox_model
expect missing-argument 2 "$one_line and \"model_id\" in err" -- "${n[@]}" submit "$work/predictions.csv"
NUMERAI_SECRET_KEY= expect no-secret 3 "$one_line and \"NUMERAI_SECRET_KEY\" in err" -- "${n[@]}" account </dev/null

# A hostile server (issue 13): listed dataset names that would leave the destination are
# refused before anything is fetched, and what the server says cannot drive the terminal.
sandbox_faults POST '[{"kind":"hostile_names"}]' || fail "could not set the hostile_names fault"
expect hostile-list 0 '"\x1b" not in out and "../../escaped.parquet" in out' -- "${n[@]}" list-datasets
expect hostile-names 1 "$one_line and \"refused\" in err and \"\x1b\" not in err" -- \
  "${n[@]}" download-current-dataset --dest_path "$work/hostile/a/b/dest"
[[ ! -e $work/hostile/escaped.parquet && ! -e /tmp/numerapi-hostile/abs.parquet ]] || fail "a name was written outside"
[[ -z "$(find "$work/hostile" -type f)" ]] || fail "hostile-names: files were written: $(find "$work/hostile" -type f)"
sandbox_faults POST '[{"kind":"status","status":200,"target":"graphql","content_type":"application/json",
  "body":"{\"errors\":[{\"message\":\"\\u001b[2J\\u001b]0;pwned\\u0007boom\"}]}"}]' || fail "could not set the status fault"
expect escaped-message 6 "$one_line and \"\x1b\" not in err and \"\x07\" not in err and \"\\\\x1b[2J\" in err" -- \
  "${n[@]}" current-round
sandbox_faults DELETE || fail "could not clear the faults"

# watch fails loudly on a permanent error: at once, with the library's message and exit code
# (it waited for ever, and then exited 0 on Ctrl-C: Asio's || waits for the first success).
expect watch-unknown-model 5 "'no model named' in err and 'nope_model' in err" -- \
  timeout 20 "${n[@]}" watch --model_id nope_model --max_interval 0.2
expect watch-revoked-key 3 "'rejected the keys' in err" -- \
  env NUMERAI_SECRET_KEY=revoked timeout 20 "${n[@]}" watch --model_id sandbox_model --max_interval 0.2
# watch: one JSON line per event, as the sandbox makes them happen, until SIGINT (exit 0).
# How many submissions queries the sandbox has answered: the watcher's first look ends with one.
submissions_queries() {
  curl -sf --cacert "$(field ca_file)" "$(field api_url)/_sandbox/requests" | python3 -c '
import json, sys
print(sum("submissions" in r.get("graphql_fields", []) for r in json.load(sys.stdin)))'
}
before_watch=$(submissions_queries)
"${n[@]}" watch --model_id sandbox_model --submissions --max_interval 0.2 >"$work/watch.out" 2>"$work/watch.err" &
watch_pid=$!
for _ in $(seq 100); do (( $(submissions_queries) > before_watch )) && break; sleep 0.1; done
lines_at_least() { for _ in $(seq 50); do [[ $(wc -l <"$work/watch.out") -ge $1 ]] && break; sleep 0.1; done; }
control() { curl -sf --cacert "$(field ca_file)" -X POST "$(field api_url)/_sandbox/$1" -d "$2"; }
submitted=$("${n[@]}" --json submit "$work/predictions.csv" --model_id sandbox_model) || fail "could not submit"
lines_at_least 1
opened=$(control next_round '{}') || fail "could not open a round"
lines_at_least 2
released=$(control release_scores '{"tournament": 8}') || fail "could not release scores"
lines_at_least 3
kill -INT $watch_pid
set +e; wait $watch_pid; watch_rc=$?; set -e
[[ $watch_rc == 0 ]] || { cat "$work/watch.out" "$work/watch.err"; fail "watch: exit $watch_rc after SIGINT"; }
python3 - "$work/watch.out" "$submitted" "$opened" "$released" <<'PY' || { cat "$work/watch.out" "$work/watch.err"; fail "watch output"; }
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1]).read().splitlines()]
submitted, opened, released = (json.loads(a) for a in sys.argv[2:5])
assert len(lines) == 3, lines
assert lines[0]["event"] == "submission_accepted" and lines[0]["submissionId"] == submitted["id"], lines[0]
assert lines[0]["round"] == 1150 and lines[0]["filename"].endswith("predictions.csv"), lines[0]
assert lines[1]["event"] == "round_opened" and lines[1]["round"] == opened["round"] and lines[1]["closeTime"], lines[1]
assert lines[2]["event"] == "scores_released" and lines[2]["round"] == released["round"], lines[2]
assert lines[2]["day"] == released["day"] and len(lines[2]["modelId"]) == 36, lines[2]
PY
passed=$((passed + 1))

# Progress bars: drawn under a pseudo-terminal, ending at 100%, every line within the
# terminal's width (80 and 200 columns); plain lines with TERM=dumb or without a terminal.
in_terminal() { # COLUMNS TERM TYPESCRIPT ARGS...: runs the command on a pseudo-terminal of that size
  local cols=$1 term=$2 typescript=$3
  shift 3
  TERM=$term script -q -e -c "stty cols $cols rows 24; $(printf '%q ' "$@")" "$typescript" >/dev/null
}
check_bars() { # TYPESCRIPT DEST COLUMNS
  python3 - "$@" <<'PY'
import re, sys
text = open(sys.argv[1], errors="replace").read()
dest, cols = sys.argv[2], int(sys.argv[3])
assert "[" in text and "#" in text, "no bar drawn"
lines = [re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", line) for line in re.split(r"[\r\n]", text)]
lines = [line for line in lines if line and not line.startswith("Script ")]
too_wide = [line for line in lines if len(line) >= cols]
assert not too_wide, f"{len(too_wide)} lines of {cols} columns or more: {too_wide[:2]}"
finals = [line for line in lines if line.startswith("total")]
assert finals and "100%" in finals[-1], finals[-3:]
# Files by their dataset name, with bytes done of their total ("1.0/1.0 MiB").
train = [line for line in lines if line.startswith("v5.2/train.parquet ")]
assert train and re.search(r" 100% +1\.0/1\.0 MiB", train[-1]), train[-3:]
bars = [line for line in lines if re.search(r"\[[# ]{10,30}\]", line)]
assert bars and not any(dest in line for line in bars), "a bar shows the destination path"
if cols >= 120:
    assert any(len(line) > 100 and "/s ETA " in line for line in bars), "a wide terminal is not used"
PY
}
in_terminal 80 xterm "$work/typescript80" "${n[@]}" download-current-dataset --dest_path "$work/tty80" --jobs 2
check_bars "$work/typescript80" "$work/tty80" 80 || fail "progress bars at 80 columns"
passed=$((passed + 1))
in_terminal 200 xterm "$work/typescript200" "${n[@]}" download-current-dataset --dest_path "$work/tty200" --jobs 2
check_bars "$work/typescript200" "$work/tty200" 200 || fail "progress bars at 200 columns"
passed=$((passed + 1))
in_terminal 80 dumb "$work/typescript-dumb" "${n[@]}" download-current-dataset --dest_path "$work/dumb" --jobs 2
grep -q '^done: v5.2/train.parquet (1.0 MiB, ' "$work/typescript-dumb" || fail "TERM=dumb: no plain progress lines"
grep -q $'\033' "$work/typescript-dumb" && fail "TERM=dumb: escape codes"
passed=$((passed + 1))
# A resumed file's rate counts only this run's bytes: a 1 MiB file of which 1 MiB minus
# one byte was already there cannot show a rate beyond that byte's.
mkdir -p "$work/resume/v5.2"
head -c $((1024 * 1024 - 1)) "$work/data/v5.2/train.parquet" >"$work/resume/v5.2/train.parquet.part"
python3 - "$work/data/v5.2/.train.parquet.etag" "$work/resume/v5.2/train.parquet.part.etag" <<'PY'
import sys
open(sys.argv[2], "w").write(open(sys.argv[1]).readline())
PY
in_terminal 200 xterm "$work/typescript-resume" "${n[@]}" download-dataset --filename v5.2/train.parquet \
  --dest_path "$work/resume/v5.2/train.parquet"
python3 - "$work/typescript-resume" <<'PY' || fail "a resumed download's rate counts resumed bytes"
import re, sys
text = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", open(sys.argv[1], errors="replace").read())
rates = re.findall(r"([0-9.]+) (B|KiB|MiB|GiB)/s", text)
assert rates, text[-400:]
assert all(unit in ("B", "KiB") for _, unit in rates), rates
PY
passed=$((passed + 1))
"${n[@]}" download-current-dataset --dest_path "$work/plain" --jobs 2 2>"$work/plain.err" >/dev/null
grep -q '^done: ' "$work/plain.err" || fail "no plain progress lines without a terminal"
grep -q $'\033' "$work/plain.err" && fail "escape codes without a terminal"
passed=$((passed + 1))
# --dest_path as a directory, or ending in "/": the file goes in there under its own name.
mkdir -p "$work/ddir"
expect dest-directory 0 "out.strip() == '$work/ddir/train.parquet'" -- \
  "${n[@]}" download-dataset --filename v5.2/train.parquet --dest_path "$work/ddir"
[[ -f $work/ddir/train.parquet && ! -e $work/ddir.part ]] || fail "dest-directory: not in the directory"
expect dest-slash 0 "out.strip() == '$work/newdir/train.parquet'" -- \
  "${n[@]}" download-dataset --filename v5.2/train.parquet --dest_path "$work/newdir/"
[[ -f $work/newdir/train.parquet && ! -e $work/newdir/.part ]] || fail "dest-slash: not in the new directory"
# Quiet means nothing on success: no bars, no "done:" lines.
expect quiet 0 "err == '' and len(out.splitlines()) > 0" -- \
  "${n[@]}" -q download-current-dataset --dest_path "$work/quiet" --jobs 2
# Checked before anything is sent: the sandbox sees no request but these checks' own.
before=$(sandbox_requests)
expect bad-tournament 5 "'--tournament 9' in err and '8 (Classic), 11 (Signals) or 12 (Crypto)' in err" -- \
  "${n[@]}" --tournament 9 current-round
expect bad-jobs 5 "'--jobs -1' in err" -- "${n[@]}" download-current-dataset --dest_path "$work/never" --jobs -1
expect bad-hours 5 "'--hours -5' in err" -- "${n[@]}" check-new-round --hours -5
[[ $(sandbox_requests) == "$before" ]] || fail "a refused argument still reached the server"
[[ ! -e $work/never ]] || fail "a refused --jobs still made its destination"
echo "$passed passed, 0 failed"

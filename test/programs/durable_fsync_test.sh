#!/usr/bin/env bash
# Durable mode's promise, seen in the system calls: the file's bytes reach the disk before
# the rename, and the directory that holds the new name after it.
#   durable_fsync_test.sh INTEGRATION_TESTS
# Runs the integration suite's durable download test (one stream, then four segments) under
# strace, on the thread that runs the client, and requires for each download, in order:
# the file's directory opened (D), the .part opened in it (F), fsync(F),
# renameat(D, "train.parquet.part", D, "train.parquet"), then fsync(D).
set -euo pipefail
suite=$1
# Where strace is missing or ptrace is not allowed (some containers), there is nothing to see.
strace -qq -o /dev/null true 2>/dev/null || { echo "durable_fsync: strace cannot run here: skipped"; exit 77; }
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# LeakSanitizer cannot run under ptrace; the suite's own run of this test checks for leaks.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" strace -qq -e trace=openat,?renameat,renameat2,?rename,fsync,fdatasync -o "$log" \
  "$suite" --run_test=downloads/a_durable_download_is_the_same_file_one_stream_or_segmented --color_output=no
python3 - "$log" <<'PY'
import re, sys
calls = [l.rstrip("\n") for l in open(sys.argv[1])]
dirs, parts, state, done = set(), set(), {}, 0
for line in calls:
    m = re.match(r'(\w+)\((.*)\)\s+= (-?\d+)', line)
    if not m:
        continue
    name, args, ret = m.group(1), m.group(2), int(m.group(3))
    if name == "openat" and ret >= 0:
        if re.search(r'"([^"]*/)?v5\.2"', args) and "O_DIRECTORY" in args:
            dirs.add(ret)
            state = {"dir": ret}
        elif '"train.parquet.part"' in args and state.get("dir") is not None and args.startswith(str(state["dir"]) + ","):
            state["part"] = ret
    elif name == "fsync" and ret == 0:
        fd = int(args)
        if state.get("part") == fd and "renamed" not in state:
            state["flushed"] = True
        elif state.get("dir") == fd and state.get("renamed"):
            done += 1
            state = {}
    elif name in ("renameat", "renameat2") and ret == 0 and '"train.parquet.part"' in args:
        d = state.get("dir")
        if state.get("flushed") and args.startswith(f'{d}, "train.parquet.part", {d}, "train.parquet"'):
            state["renamed"] = True
        else:
            print("durable_fsync: a rename without its flush, or not through the directory's descriptor:", line)
            sys.exit(1)
if done != 2:
    print(f"durable_fsync: {done} of 2 durable downloads flushed the file, renamed it in its directory and "
          "flushed the directory; the calls were:")
    print("\n".join(l for l in calls if "parquet" in l or "fsync" in l))
    sys.exit(1)
print("durable_fsync: both downloads: fsync(part), renameat in the directory, fsync(directory)")
PY

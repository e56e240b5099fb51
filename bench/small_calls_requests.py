#!/usr/bin/python3
"""Benchmark peer: N get_current_round calls with Python requests, the way numerapi sends
them (one requests.post per call: a new TCP and TLS connection and a fresh CA bundle load
each time), or over one requests.Session (kept-alive connections).

usage: small_calls_requests.py API_URL CA_FILE CALLS CONCURRENCY {nosession|session}
Prints one JSON line like bench_small_calls.
"""
import json
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests

QUERY = """
query($tournament: Int!) {
  rounds(tournament: $tournament
         number: 0) {
    number
  }
}
"""


def main():
    url, ca_file, calls, concurrency, mode = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
    body = {"query": QUERY, "variables": {"tournament": 8}}
    headers = {"Content-type": "application/json", "Accept": "application/json"}
    local = threading.local()

    def call(_):
        if mode == "session":
            if not hasattr(local, "session"):
                local.session = requests.Session()
            r = local.session.post(url, json=body, headers=headers, verify=ca_file)
        else:
            r = requests.post(url, json=body, headers=headers, verify=ca_file)
        r.raise_for_status()
        assert r.json()["data"]["rounds"][0]["number"] > 0

    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(call, range(calls)))
    seconds = time.monotonic() - start
    print(json.dumps({"tool": "requests-" + mode, "calls": calls, "concurrency": concurrency,
                      "seconds": seconds, "calls_per_second": calls / seconds}))


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Runs the official Python client (numerapi) against a running numerapi-sandbox.

It is not part of ctest: numerapi is not a Debian package, so its source must be brought in
by hand (a checkout of github.com/uuazed/numerapi). Needs Debian's python3-requests,
python3-pandas, python3-tqdm, python3-dateutil, python3-tz and python3-click.

usage: REQUESTS_CA_BUNDLE=<ca_file> NUMERAI_PUBLIC_ID=... NUMERAI_SECRET_KEY=... \
       numerapi_python_check.py NUMERAPI_SOURCE_DIR API_URL WORK_DIR
"""
import os
import sys

sys.path.insert(0, sys.argv[1])
import numerapi  # noqa: E402
from numerapi import base_api  # noqa: E402

base_api.API_TOURNAMENT_URL = sys.argv[2]
work = sys.argv[3]
failures = 0
passed = 0


def check(name, fn, predicate=lambda r: r is not None):
    global failures, passed
    try:
        result = fn()
        ok = predicate(result)
    except Exception as e:  # noqa: BLE001 - report every kind of failure
        result, ok = f"{type(e).__name__}: {e}", False
    shown = repr(result)
    print(f"{'ok  ' if ok else 'FAIL'} {name}: {shown[:150]}")
    if ok:
        passed += 1
    else:
        failures += 1


napi = numerapi.NumerAPI(verbosity="warning", show_progress_bars=False)
sapi = numerapi.SignalsAPI(verbosity="warning", show_progress_bars=False)
capi = numerapi.CryptoAPI(verbosity="warning", show_progress_bars=False)

check("get_current_round", napi.get_current_round, lambda r: isinstance(r, int))
check("SignalsAPI.get_current_round", sapi.get_current_round, lambda r: isinstance(r, int))
check("list_rounds", lambda: napi.list_rounds(status="resolved", limit=3), lambda r: len(r) == 3)
check("check_round_open", napi.check_round_open, lambda r: r is True)
check("check_new_round", napi.check_new_round, lambda r: r is True)
check("get_competitions", napi.get_competitions, lambda r: len(r) > 10)
check("list_datasets", napi.list_datasets, lambda r: "v5.2/train.parquet" in r)
check("download_dataset", lambda: napi.download_dataset("v5.2/live.parquet", os.path.join(work, "live.parquet")),
      lambda r: os.path.getsize(r) > 0)
check("get_account", napi.get_account, lambda r: r["username"] == "sandbox_user")
check("get_models", napi.get_models, lambda r: "sandbox_model" in r)
check("SignalsAPI.get_models", sapi.get_models, lambda r: "sandbox_signals" in r)
models = napi.get_models()
model_id = models["sandbox_model"]
check("models_of_account", lambda: napi.models_of_account("sandbox_user"), lambda r: "sandbox_model" in r)
check("modelid_to_modelname", lambda: napi.modelid_to_modelname(model_id), lambda r: r == "sandbox_model")
check("set_bio", lambda: napi.set_bio(model_id, "bio from numerapi"), lambda r: r is True)
check("set_link", lambda: napi.set_link(model_id, "home", "https://example.invalid/"), lambda r: r is True)
check("wallet_transactions", napi.wallet_transactions, lambda r: len(r) > 0)
check("set_submission_webhook", lambda: napi.set_submission_webhook(model_id, None), lambda r: r is True)
check("submission_scores", lambda: napi.submission_scores(model_id, last_n_rounds=3, distinct_on_round=True),
      lambda r: len(r) > 0)
check("pending_model_payouts", napi.pending_model_payouts, lambda r: "actual" in r and "pending" in r)
check("round_model_performances_v2", lambda: napi.round_model_performances_v2(model_id), lambda r: len(r) > 0)
check("intra_round_scores", lambda: napi.intra_round_scores(model_id), lambda r: len(r) > 0)
check("daily_model_performances", lambda: napi.daily_model_performances("sandbox_model"), lambda r: len(r) > 0)
check("SignalsAPI.daily_model_performances", lambda: sapi.daily_model_performances("sandbox_signals"),
      lambda r: len(r) > 0)
check("pipeline_status", napi.pipeline_status, lambda r: "dataReadyAt" in r)
check("submission_ids", lambda: napi.submission_ids(model_id), lambda r: len(r) > 0)
check("download_submission", lambda: napi.download_submission(model_id=model_id, dest_path=os.path.join(work, "sub.csv")),
      lambda r: os.path.getsize(r) > 0)
check("get_submission_filenames", lambda: napi.get_submission_filenames(model_id=model_id), lambda r: len(r) > 0)
check("get_account_leaderboard", lambda: napi.get_account_leaderboard(limit=5), lambda r: len(r) == 5)
check("get_leaderboard", lambda: napi.get_leaderboard(limit=5), lambda r: len(r) == 5)
check("SignalsAPI.get_leaderboard", lambda: sapi.get_leaderboard(limit=5), lambda r: len(r) == 5)
check("CryptoAPI.get_leaderboard", lambda: capi.get_leaderboard(limit=5), lambda r: len(r) == 5)
check("public_user_profile", lambda: napi.public_user_profile("sandbox_model"), lambda r: r["username"] == "sandbox_model")
check("SignalsAPI.public_user_profile", lambda: sapi.public_user_profile("sandbox_signals"),
      lambda r: r["username"] == "sandbox_signals")
check("raw_query latestNmrPrice", lambda: napi.raw_query("query {latestNmrPrice {priceUsd}}"),
      lambda r: r["data"]["latestNmrPrice"]["priceUsd"] == "9.87")


def write_predictions(path, header, rows, classic):
    with open(path, "w") as f:
        f.write(header + "\n")
        for i in range(rows):
            f.write((f"n{i:015d}" if classic else f"T{i:04d} US") + f",{(i * 37 % 1000) / 1000:.4f}\n")
    return path


classic_csv = write_predictions(os.path.join(work, "predictions.csv"), "id,prediction", 150, True)
signals_csv = write_predictions(os.path.join(work, "signals.csv"), "numerai_ticker,signal", 150, False)
check("upload_predictions", lambda: napi.upload_predictions(classic_csv, model_id=model_id),
      lambda r: isinstance(r, str) and len(r) == 36)
check("SignalsAPI.upload_predictions",
      lambda: sapi.upload_predictions(signals_csv, model_id=sapi.get_models()["sandbox_signals"]),
      lambda r: isinstance(r, str) and len(r) == 36)
diagnostics_id = None


def upload_diagnostics():
    global diagnostics_id
    diagnostics_id = napi.upload_diagnostics(classic_csv, model_id=model_id)
    return diagnostics_id


check("upload_diagnostics", upload_diagnostics, lambda r: isinstance(r, str) and len(r) == 36)
check("diagnostics", lambda: napi.diagnostics(model_id, diagnostics_id),
      lambda r: r["status"] == "succeeded" and len(r["perEraDiagnostics"]) == 3)
check("download_submission (uploaded)", lambda: napi.download_submission(
      model_id=model_id, dest_path=os.path.join(work, "back.csv")),
      lambda r: open(r).read() == open(classic_csv).read())


def bad_keys():
    try:
        numerapi.NumerAPI("foo", "bar", verbosity="critical").get_account()
    except ValueError as e:
        return str(e)
    return "no ValueError"


check("bad keys raise ValueError", bad_keys, lambda r: r == "Your session is invalid or has expired.")

print(f"{passed} passed, {failures} failed")

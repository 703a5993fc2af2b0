"""Where one invoice lifecycle's time goes (not a test): the bench's lifecycle (submit, two
approvals, auction, bid, take, disbursement posted, repayment, repayment posted) run once to warm
up, then `--runs` times under cProfile, for this tree and for `--baseline-ref`'s code.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python bench/ledger_profile.py [--runs 20] [--baseline-ref main]

Per service call: SQL statements, round trips (statements + BEGIN + COMMIT of the outer
transaction), statements that take row locks (FOR UPDATE / UPDATE), and wall time; then the
functions with the most own time. Last line: one JSON object with the figures of both trees."""

import argparse
import cProfile
import io
import json
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pgsetup
from ledger import ROOT, baseline_tree

DB = "karsaz_bench_ledger_profile"


def _measure(root: str, runs: int, out: Any) -> None:
    pgsetup.django(DB, root)
    import itertools

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from karsaz.finance import services
    from karsaz.testing import factories
    from karsaz.testing import factories_finance as ff

    factories._ids = itertools.count(40_000_000 + 1_000_000 * (root != str(ROOT)))
    w = ff.finance_world(suffix=f"p{time.time_ns()}", financiers=1)
    calls: dict[str, dict[str, float]] = {}

    def step(name: str, fn: Any, **kw: Any) -> Any:
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            result = fn(**kw)
            ms = (time.perf_counter() - t0) * 1000
        sqls = [q["sql"] for q in ctx.captured_queries]
        row = calls.setdefault(name, {"statements": 0, "round_trips": 0, "locking": 0, "ms": 0.0})
        row["statements"] += len(sqls) / runs
        # Every service is one atomic block: psycopg sends BEGIN before its first statement and
        # COMMIT at its end, two round trips the query log does not show.
        row["round_trips"] += (len(sqls) + 2) / runs
        row["locking"] += sum("FOR UPDATE" in s or s.startswith("UPDATE") for s in sqls) / runs
        row["ms"] += ms / runs
        return result

    def lifecycle(i: int) -> None:
        inv = step("invoice_submit", ff.submit, w=w, amount=10**9 + i, number=f"P{i}")
        step("invoice_approve (maker)", services.invoice_approve, user=w.maker, invoice=inv)
        step("invoice_approve (checker)", services.invoice_approve, user=w.checker, invoice=inv)
        step("invoice_request_financing", services.invoice_request_financing,
             user=w.supplier_user, invoice=inv)  # fmt: skip
        bid = step("bid_place", services.bid_place, user=w.financier_users[0], invoice=inv,
                   financier=w.financiers[0], rate_bp=1800)  # fmt: skip
        stl = step("bid_take", services.bid_take, user=w.supplier_user, invoice=inv, bid=bid)
        step("settlement_confirm (disbursement)", services.settlement_confirm,
             user=w.financier_users[0], settlement=stl)  # fmt: skip
        pay = step("repayment_start", services.repayment_start, user=w.maker, invoice=inv,
                   amount=inv.net_amount)  # fmt: skip
        step("settlement_confirm (repayment)", services.settlement_confirm,
             user=w.financier_users[0], settlement=pay)  # fmt: skip

    lifecycle(0)
    calls.clear()
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.enable()
    for i in range(1, runs + 1):
        lifecycle(i)
    prof.disable()
    wall = (time.perf_counter() - t0) * 1000 / runs
    text = io.StringIO()
    pstats.Stats(prof, stream=text).sort_stats("tottime").print_stats(25)
    totals = {k: round(sum(c[k] for c in calls.values()), 1) for k in next(iter(calls.values()))}
    calls = {n: {k: round(v, 2) for k, v in c.items()} for n, c in calls.items()}
    out.put({"ms_per_lifecycle": round(wall, 1), "totals": totals, "calls": calls,
             "profile": text.getvalue()})  # fmt: skip


def _in_subprocess(root: str, runs: int) -> dict[str, Any]:
    import multiprocessing as mp

    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    p = ctx.Process(target=_measure, args=(root, runs, out))
    p.start()
    result = out.get(timeout=600)
    p.join()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--baseline-ref", default="main")
    args = parser.parse_args()
    pgsetup.admin(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
    pgsetup.admin(f"CREATE DATABASE {DB}")
    subprocess.run(
        [sys.executable, "-c", "import sys; sys.path.insert(0, 'bench'); import pgsetup; "
         f"pgsetup.django('{DB}'); from django.core.management import call_command; "
         "call_command('migrate', verbosity=0); call_command('load_reference', verbosity=0)"],
        check=True, cwd=ROOT,
    )  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="karsaz-profile-baseline-") as tmp:
        base = _in_subprocess(str(baseline_tree(args.baseline_ref, Path(tmp))), args.runs)
    new = _in_subprocess(str(ROOT), args.runs)
    for label, r in (("baseline " + args.baseline_ref, base), ("this tree", new)):
        print(f"== {label}: {r['ms_per_lifecycle']} ms per lifecycle (profiled), {r['totals']}")
        for name, c in r["calls"].items():
            print(f"  {name:36} {c}")
    print(new["profile"])
    summary = {
        "benchmark": "finance-ledger-profile",
        "runs": args.runs,
        "baseline_ref": args.baseline_ref,
        "baseline": {k: base[k] for k in ("ms_per_lifecycle", "totals", "calls")},
        "this_tree": {k: new[k] for k in ("ms_per_lifecycle", "totals", "calls")},
        "target_met": None,  # a profile, not a target: bench/ledger.py has the targets
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()

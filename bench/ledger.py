"""Benchmark of the finance ledger on PostgreSQL (not a test).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/ledger.py

For 1, 4 and 8 concurrent clients (separate processes, so Python's GIL does not cap them), side by
side in the same run on the same server:
- single postings/s: `ledger.post_entry` with two legs on random accounts out of a pool, through
  the project's service layer (row locks, cached balances, balance check, append-only triggers);
- full invoice lifecycles/s: upload, two approvals, auction, bid, take, disbursement posted,
  repayment, repayment posted (9 service calls, 4 journal entries with money, 2 pending);
- pgbench's built-in TPC-B-like script (scale 10) on the same server and client counts.
Then `verify_ledger` must be clean. Target: at 8 clients, postings/s >= 40 % of pgbench tps.
The last line is one JSON object with every figure.
"""

import argparse
import json
import multiprocessing as mp
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pgsetup

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data" / "ledger"
BENCH_DB = "karsaz_bench_ledger"
PGBENCH_DB = "karsaz_bench_pgbench"


def setup(n_parties: int) -> None:
    pgsetup.admin(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
    pgsetup.admin(f"CREATE DATABASE {BENCH_DB}")
    pgsetup.django(BENCH_DB)
    from django.core.management import call_command

    from karsaz.finance.choices import AccountPurpose
    from karsaz.finance.ledger import account_for
    from karsaz.registry.choices import EnterpriseKind
    from karsaz.testing.factories import EnterpriseFactory

    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    for _ in range(n_parties):
        e = EnterpriseFactory(kind=EnterpriseKind.SME)
        for purpose in (AccountPurpose.SUPPLIER_CASH, AccountPurpose.SUPPLIER_RECEIVABLE):
            account_for(e, purpose)


def _postings_worker(seconds: float, seed: int, start: Any, out: Any) -> None:
    pgsetup.django(BENCH_DB)
    import random

    from karsaz.finance import ledger
    from karsaz.finance.choices import EntryKind
    from karsaz.finance.models import Account

    rng = random.Random(seed)
    accounts = list(Account.objects.all())
    start.wait(timeout=300)
    done, errors, t0 = 0, 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        a, b = rng.sample(accounts, 2)
        amount = rng.randint(1, 10**9)
        try:
            ledger.post_entry(
                key=f"b{seed}-{done}-{errors}",
                kind=EntryKind.TRANSFER,
                legs=[ledger.Leg(a, amount), ledger.Leg(b, -amount)],
            )
            done += 1
        except Exception:  # a deadlock or serialization failure would show up here
            errors += 1
    out.put((done, errors, time.perf_counter() - t0))


def _lifecycle_worker(seconds: float, seed: int, start: Any, out: Any) -> None:
    pgsetup.django(BENCH_DB)
    import itertools

    from karsaz.finance import services
    from karsaz.testing import factories
    from karsaz.testing import factories_finance as ff

    # Distinct 8-digit national ID ranges per worker (seed = 1000 × clients + worker number).
    factories._ids = itertools.count(30_000_000 + ((seed // 1000) * 10 + seed % 1000) * 100_000)
    w = ff.finance_world(suffix=f"w{seed}-{time.time_ns()}", financiers=1)
    start.wait(timeout=300)
    done, errors, t0 = 0, 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        try:
            inv = ff.submit(w, amount=1_000_000_000 + done, number=f"B{seed}-{done}-{errors}")
            services.invoice_approve(user=w.maker, invoice=inv)
            services.invoice_approve(user=w.checker, invoice=inv)
            services.invoice_request_financing(user=w.supplier_user, invoice=inv)
            bid = services.bid_place(
                user=w.financier_users[0], invoice=inv, financier=w.financiers[0], rate_bp=1800
            )
            stl = services.bid_take(user=w.supplier_user, invoice=inv, bid=bid)
            services.settlement_confirm(user=w.financier_users[0], settlement=stl)
            pay = services.repayment_start(user=w.maker, invoice=inv, amount=inv.net_amount)
            services.settlement_confirm(user=w.financier_users[0], settlement=pay)
            done += 1
        except Exception:
            errors += 1
    out.put((done, errors, time.perf_counter() - t0))


def _run(target: Any, clients: int, seconds: float) -> dict[str, float]:
    ctx = mp.get_context("spawn")
    start, out = ctx.Barrier(clients + 1), ctx.Queue()
    procs = [
        ctx.Process(target=target, args=(seconds, 1000 * clients + i, start, out))
        for i in range(clients)
    ]
    for p in procs:
        p.start()
    start.wait(timeout=120)  # a worker that fails to start breaks the barrier instead of hanging
    results = [out.get(timeout=seconds + 300) for _ in procs]
    for p in procs:
        p.join()
    done = sum(r[0] for r in results)
    errors = sum(r[1] for r in results)
    elapsed = max(r[2] for r in results)
    return {"per_second": round(done / elapsed, 1), "count": done, "errors": errors}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--clients", default="1,4,8")
    parser.add_argument("--parties", type=int, default=500, help="enterprises (2 accounts each)")
    parser.add_argument("--scale", type=int, default=10, help="pgbench scale factor")
    args = parser.parse_args()
    if not shutil.which("pgbench"):
        sys.exit("pgbench not found (Debian: apt-get install postgresql-client)")
    clients = [int(c) for c in args.clients.split(",")]
    print(f"setting up {BENCH_DB} and {PGBENCH_DB} …", flush=True)
    setup(args.parties)
    pgsetup.admin(f"DROP DATABASE IF EXISTS {PGBENCH_DB} WITH (FORCE)")
    pgsetup.admin(f"CREATE DATABASE {PGBENCH_DB}")
    s = pgsetup.server()
    subprocess.run(
        ["pgbench", "-h", s["host"], "-p", s["port"], "-U", s["user"], "-i", "-q",
         "-s", str(args.scale), PGBENCH_DB],
        check=True, capture_output=True,
    )  # fmt: skip
    results: dict[str, Any] = {}
    for n in clients:
        postings = _run(_postings_worker, n, args.seconds)
        lifecycles = _run(_lifecycle_worker, n, args.seconds)
        tps = pgsetup.pgbench(n, int(args.seconds), PGBENCH_DB)
        ratio = round(postings["per_second"] / tps, 3) if tps else None
        results[str(n)] = {
            "postings_per_s": postings["per_second"],
            "postings_errors": postings["errors"],
            "lifecycles_per_s": lifecycles["per_second"],
            "lifecycles_errors": lifecycles["errors"],
            "pgbench_tps": tps,
            "postings_vs_pgbench": ratio,
        }
        print(f"{n} clients: {results[str(n)]}", flush=True)
    from django.db import connections

    from karsaz.finance.verify import verify_ledger

    connections.close_all()
    breaches = verify_ledger()
    top = results.get("8") or results[str(max(clients))]
    summary = {
        "benchmark": "finance-ledger",
        "seconds_per_run": args.seconds,
        "pgbench_scale": args.scale,
        "cpus": os.cpu_count(),
        "clients": results,
        "ratio_at_8": top["postings_vs_pgbench"],
        "target_ratio": 0.4,
        "target_met": bool(top["postings_vs_pgbench"] and top["postings_vs_pgbench"] >= 0.4),
        "verify_ledger_clean": not breaches,
        "breaches": breaches[:5],
    }
    DATA.mkdir(parents=True, exist_ok=True)
    (DATA / "last-run.json").write_text(json.dumps(summary, indent=2) + "\n")
    print(json.dumps(summary))
    sys.exit(0 if not breaches else 1)


if __name__ == "__main__":
    main()

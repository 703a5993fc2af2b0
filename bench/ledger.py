"""Benchmark of the finance ledger on PostgreSQL (not a test).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/ledger.py \
        [--baseline-ref main]

For 1, 4 and 8 concurrent clients (separate processes, so Python's GIL does not cap them), side by
side in the same run on the same server, for this tree's code and for the baseline's (the `karsaz`
package of `--baseline-ref`, extracted with `git archive` and imported by its own workers; same
database schema, so both run on the same data):
- single postings/s: `ledger.post_entry` with two legs on random accounts out of a pool, through
  the project's service layer (row locks, cached balances, balance check, append-only triggers);
- full invoice lifecycles/s: upload, two approvals, auction, bid, take, disbursement posted,
  repayment, repayment posted (9 service calls, 4 journal entries with money, 2 pending);
- pgbench's built-in TPC-B-like script (scale 10) on the same server and client counts.
Then `verify_ledger` must be clean. Targets at 8 clients: postings/s >= 0.5 of pgbench's TPS, and
lifecycles/s at least 2x the baseline's. The last line is one JSON object with every figure.
"""

import argparse
import json
import multiprocessing as mp
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
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


def baseline_tree(ref: str, into: Path) -> Path:
    """The `karsaz` package as it is at `ref`, extracted under `into` (returned: the root)."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", ref, "karsaz"],
        check=True, capture_output=True,
    ).stdout  # fmt: skip
    tar = into / "baseline.tar"
    tar.write_bytes(archive)
    with tarfile.open(tar) as t:
        t.extractall(into, filter="data")
    return into


def _django(root: str) -> None:
    pgsetup.django(BENCH_DB, root)
    import karsaz

    # The tree asked for, not the editable install of this one.
    assert str(Path(karsaz.__file__).resolve()).startswith(str(Path(root).resolve())), root


def _postings_worker(seconds: float, seed: int, root: str, start: Any, out: Any) -> None:
    _django(root)
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


def _lifecycle_worker(seconds: float, seed: int, root: str, start: Any, out: Any) -> None:
    _django(root)
    import itertools

    from karsaz.finance import services
    from karsaz.testing import factories
    from karsaz.testing import factories_finance as ff

    # Distinct 8-digit national ID ranges per worker (seed = 1000 × clients + worker number,
    # + 100 for the baseline's workers).
    factories._ids = itertools.count(30_000_000 + ((seed // 1000) * 100 + seed % 1000) * 20_000)
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


def _run(target: Any, clients: int, seconds: float, root: Path, base: bool) -> dict[str, float]:
    ctx = mp.get_context("spawn")
    start, out = ctx.Barrier(clients + 1), ctx.Queue()
    procs = [
        ctx.Process(
            target=target,
            args=(seconds, 1000 * clients + 100 * base + i, str(root), start, out),
        )
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


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 3) if b else None


def _commit(ref: str) -> str:
    out = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", ref], capture_output=True, text=True
    )
    return out.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--clients", default="1,4,8")
    parser.add_argument("--parties", type=int, default=500, help="enterprises (2 accounts each)")
    parser.add_argument("--scale", type=int, default=10, help="pgbench scale factor")
    parser.add_argument("--baseline-ref", default="main", help="git ref of the baseline's code")
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
    tmp = tempfile.TemporaryDirectory(prefix="karsaz-ledger-baseline-")
    base_root = baseline_tree(args.baseline_ref, Path(tmp.name))
    for n in clients:
        # Interleaved, so both trees meet the same load from the machine's other work.
        base_postings = _run(_postings_worker, n, args.seconds, base_root, True)
        postings = _run(_postings_worker, n, args.seconds, ROOT, False)
        base_lifecycles = _run(_lifecycle_worker, n, args.seconds, base_root, True)
        lifecycles = _run(_lifecycle_worker, n, args.seconds, ROOT, False)
        tps = pgsetup.pgbench(n, int(args.seconds), PGBENCH_DB)
        results[str(n)] = {
            "postings_per_s": postings["per_second"],
            "baseline_postings_per_s": base_postings["per_second"],
            "postings_errors": postings["errors"] + base_postings["errors"],
            "lifecycles_per_s": lifecycles["per_second"],
            "baseline_lifecycles_per_s": base_lifecycles["per_second"],
            "lifecycles_errors": lifecycles["errors"] + base_lifecycles["errors"],
            "pgbench_tps": tps,
            "postings_vs_pgbench": _ratio(postings["per_second"], tps),
            "baseline_postings_vs_pgbench": _ratio(base_postings["per_second"], tps),
            "lifecycles_vs_baseline": _ratio(
                lifecycles["per_second"], base_lifecycles["per_second"]
            ),
        }
        print(f"{n} clients: {results[str(n)]}", flush=True)
    tmp.cleanup()
    from django.db import connections

    from karsaz.finance.verify import verify_ledger

    connections.close_all()
    breaches = verify_ledger()
    top = results.get("8") or results[str(max(clients))]
    ratio_met = bool(top["postings_vs_pgbench"] and top["postings_vs_pgbench"] >= 0.5)
    lifecycles_met = bool(top["lifecycles_vs_baseline"] and top["lifecycles_vs_baseline"] >= 2.0)
    summary = {
        "benchmark": "finance-ledger",
        "seconds_per_run": args.seconds,
        "pgbench_scale": args.scale,
        "cpus": os.cpu_count(),
        "baseline_ref": args.baseline_ref,
        "baseline_commit": _commit(args.baseline_ref),
        "commit": _commit("HEAD"),
        "clients": results,
        "ratio_at_8": top["postings_vs_pgbench"],
        "baseline_ratio_at_8": top["baseline_postings_vs_pgbench"],
        "lifecycles_vs_baseline_at_8": top["lifecycles_vs_baseline"],
        "targets": {
            "postings_vs_pgbench_0.5": ratio_met,
            "lifecycles_2x_baseline": lifecycles_met,
            "verify_ledger_clean": not breaches,
        },
        "target_met": ratio_met and lifecycles_met and not breaches,
        "verify_ledger_clean": not breaches,
        "breaches": breaches[:5],
    }
    DATA.mkdir(parents=True, exist_ok=True)
    (DATA / "last-run.json").write_text(json.dumps(summary, indent=2) + "\n")
    print(json.dumps(summary))
    sys.exit(0 if not breaches else 1)


if __name__ == "__main__":
    main()

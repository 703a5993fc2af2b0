"""Benchmark of crowdfunding pledges on PostgreSQL (not a test).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python bench/capital_pledges.py

8 concurrent clients (separate processes, so Python's GIL does not cap them) pledge to 8 open
campaigns (each on its own platform) from a pool of investors, through `services.pledge_create`:
the campaign's claim (its row lock and the target), the investor's year claim (created on first
use; the yearly cap, and the person's share of the campaign), the escrow entry on the ledger
(one statement, on the platform's clearing account and the firm's escrow), the pledge row. Side
by side on the same server in the same run: pgbench's built-in TPC-B-like script (scale 10) at
the same client count. A pledge is 8 round trips with BEGIN and COMMIT against TPC-B's 7, plus
Django's Python, and every pledge to a campaign queues on that campaign's row, so the target is
pledges/s >= 20 % of pgbench tps.
Then every cap and the ledger are checked from the rows: no campaign past its target, no person
past 5 % of a campaign or the yearly cap, the cached sums equal the pledges, each firm's escrow
(its *pending* balance: a pledge is a pending entry until the close; the posted balance 0)
equals its campaigns' pledges, `verify_ledger` clean.

Then the close (two-phase: every pledge's pending entry captured or voided at once,
`finance.ledger_batch.resolve_pending_many`): half the campaigns are made to meet their target
(target set to what was pledged) and succeed (capture every pledge, then the release less the
fee), the other half fail (void every pledge). Each close is timed; before it, in the same run
and on the same campaign, the baseline: the same pledges resolved one at a time with the
ledger's own `post_pending` / `void_pending`, in a transaction rolled back. Reported: pledges
resolved per second both ways and the speed-up. After the closes: every escrow 0 (posted and
pending), proceeds and fees exact, `verify_ledger` clean. The last line is one JSON object.

Databases: `$BENCH_DB_PREFIX` (default `karsaz_bench`) + `_capital` and `_capital_pgbench`.
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
DATA = ROOT / "var" / "bench"  # the last run, for a later look (never committed)
PREFIX = os.environ.get("BENCH_DB_PREFIX", "karsaz_bench")
BENCH_DB = f"{PREFIX}_capital"
PGBENCH_DB = f"{PREFIX}_capital_pgbench"
TARGET_RATIO = 0.2


def setup(campaigns: int, investors: int) -> None:
    pgsetup.admin(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
    pgsetup.admin(f"CREATE DATABASE {BENCH_DB}")
    pgsetup.django(BENCH_DB)
    from django.core.management import call_command

    from karsaz.accounts.models import User
    from karsaz.testing.factories_capital_campaigns import CampaignFactory

    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    for _ in range(campaigns):
        # 5 % of 2,000,000,000,000 = 100,000,000,000 per person: the yearly cap
        # (5,000,000,000) is the one investors reach first.
        CampaignFactory(target=2_000_000_000_000, own_contribution=200_000_000_000)
    User.objects.bulk_create([User(username=f"bench-investor-{i}") for i in range(investors)])


def _pledge_worker(seconds: float, seed: int, start: Any, out: Any) -> None:
    pgsetup.django(BENCH_DB)
    import random

    from django.core.exceptions import ValidationError

    from karsaz.accounts.models import User
    from karsaz.capital import services
    from karsaz.capital.models import Campaign

    rng = random.Random(seed)
    campaigns = list(Campaign.objects.all())
    people = list(User.objects.filter(username__startswith="bench-investor-"))
    start.wait(timeout=300)
    done, refused, errors, t0 = 0, 0, 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        try:
            services.pledge_create(
                user=rng.choice(people),
                campaign=rng.choice(campaigns),
                amount=rng.randint(1_000_000, 300_000_000),
            )
            done += 1
        except ValidationError:  # a cap reached: a correct refusal
            refused += 1
        except Exception:  # a deadlock or serialization failure would show up here
            errors += 1
    out.put((done, refused, errors, time.perf_counter() - t0))


def _run(clients: int, seconds: float) -> dict[str, float]:
    ctx = mp.get_context("spawn")
    start, out = ctx.Barrier(clients + 1), ctx.Queue()
    procs = [
        ctx.Process(target=_pledge_worker, args=(seconds, 1000 * clients + i, start, out))
        for i in range(clients)
    ]
    for p in procs:
        p.start()
    start.wait(timeout=120)
    results = [out.get(timeout=seconds + 300) for _ in procs]
    for p in procs:
        p.join()
    elapsed = max(r[3] for r in results)
    done = sum(r[0] for r in results)
    return {
        "per_second": round(done / elapsed, 1),
        "count": done,
        "refused_by_caps": sum(r[1] for r in results),
        "errors": sum(r[2] for r in results),
    }


def breaches() -> list[str]:
    """Every cap and sum re-checked from the rows, then the ledger's own invariants."""
    from collections import defaultdict

    from django.db.models import Sum

    from karsaz.capital.choices import PledgeState
    from karsaz.capital.models import Campaign, InvestorYear, Pledge
    from karsaz.core import jalali
    from karsaz.finance.choices import AccountPurpose
    from karsaz.finance.models import Account
    from karsaz.finance.verify import verify_ledger

    found: list[str] = []
    held = Pledge.objects.filter(state=PledgeState.HELD)
    escrow_by_firm: dict[int, int] = defaultdict(int)
    for c in Campaign.objects.select_related("rule_set"):
        total = held.filter(campaign=c).aggregate(s=Sum("amount"))["s"] or 0
        escrow_by_firm[c.enterprise_id] += total
        if c.pledged != total or c.pledged > c.target:
            found.append(
                f"campaign {c.pk}: pledged {c.pledged}, pledges {total}, target {c.target}"
            )
        cap = c.target * (c.rule_set.person_share_max_pct or 100) // 100
        over = (
            held.filter(campaign=c).values("investor").annotate(s=Sum("amount")).filter(s__gt=cap)
        )
        found += [f"campaign {c.pk}: investor {row['investor']} over 5 %" for row in over]
    by_year: dict[tuple[int, int], int] = defaultdict(int)
    for investor, amount, created in held.values_list("investor", "amount", "created_at"):
        by_year[(investor, jalali.to_jalali(created).year)] += amount
    for row in InvestorYear.objects.all():
        if row.pledged != by_year.get((row.investor_id, row.year), 0):
            found.append(f"investor year {row.pk}: {row.pledged} != pledges")
        if row.pledged > 5_000_000_000:
            found.append(f"investor year {row.pk}: past the yearly cap")
    for acc in Account.objects.filter(purpose=AccountPurpose.CAMPAIGN_ESCROW):
        if acc.posted_balance or -acc.pending_balance != escrow_by_firm.get(acc.enterprise_id, 0):
            found.append(f"escrow account {acc.pk} does not equal its campaigns' pending pledges")
    return found + verify_ledger()


def close_all() -> dict[str, Any]:
    """Close every campaign (half succeed, half fail), each timed against the one-at-a-time
    baseline on the same pledges; then the escrow, proceeds and fees re-checked."""
    from django.db import transaction
    from django.db.models import F

    from karsaz.capital import services
    from karsaz.capital.choices import CampaignState, PledgeState
    from karsaz.capital.models import Campaign, Pledge
    from karsaz.finance import ledger
    from karsaz.finance.choices import AccountPurpose
    from karsaz.finance.models import Account
    from karsaz.finance.verify import verify_ledger

    class Rollback(Exception):
        pass

    campaigns = list(Campaign.objects.filter(state=CampaignState.OPEN).order_by("pk"))
    Campaign.objects.filter(pk__in=[c.pk for c in campaigns[::2]]).update(target=F("pledged"))
    timed: dict[str, dict[str, float]] = {
        w: {"pledges": 0, "batch_s": 0.0, "loop_s": 0.0} for w in ("capture", "void")
    }
    for c in campaigns:
        c.refresh_from_db()
        word = "capture" if c.pledged >= c.target else "void"
        resolve = ledger.post_pending if word == "capture" else ledger.void_pending
        holds = list(
            Pledge.objects.filter(campaign=c, state=PledgeState.HELD)
            .select_related("hold_entry")
            .order_by("pk")
        )
        t0 = time.perf_counter()
        try:
            with transaction.atomic():
                for p in holds:
                    resolve(p.hold_entry, key=f"bench:{word}:{p.pk}")
                t1 = time.perf_counter()
                raise Rollback
        except Rollback:
            pass
        t2 = time.perf_counter()
        services.campaign_close(campaign=c, now=c.closes_at)
        t3 = time.perf_counter()
        timed[word]["pledges"] += len(holds)
        timed[word]["loop_s"] += t1 - t0
        timed[word]["batch_s"] += t3 - t2
    found: list[str] = []
    for c in Campaign.objects.select_related("enterprise", "platform"):
        esc = Account.objects.filter(
            enterprise=c.enterprise, purpose=AccountPurpose.CAMPAIGN_ESCROW
        ).first()
        if esc and (esc.posted_balance, esc.pending_balance) != (0, 0):
            found.append(f"campaign {c.pk}: escrow {esc.posted_balance}/{esc.pending_balance}")
        proceeds = Account.objects.filter(
            enterprise=c.enterprise, purpose=AccountPurpose.RAISE_PROCEEDS
        ).first()
        got = -proceeds.posted_balance if proceeds else 0
        fee = c.pledged * c.fee_bp // 10_000
        want = c.pledged - fee if c.state == CampaignState.SUCCEEDED else 0
        if got != want:
            found.append(f"campaign {c.pk}: proceeds {got} != {want}")
    found += verify_ledger()
    out: dict[str, Any] = {}
    for word, t in timed.items():
        n = t["pledges"]
        out[word] = {
            "pledges": int(n),
            "batch_ms": round(t["batch_s"] * 1000, 1),
            "one_at_a_time_ms": round(t["loop_s"] * 1000, 1),
            "batch_pledges_per_s": round(n / t["batch_s"], 1) if t["batch_s"] else None,
            "speedup": round(t["loop_s"] / t["batch_s"], 2) if t["batch_s"] else None,
        }
    out["breaches"] = found[:5]
    out["breach_count"] = len(found)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--campaigns", type=int, default=8)
    parser.add_argument("--investors", type=int, default=400)
    args = parser.parse_args()
    if not shutil.which("pgbench"):
        sys.exit("pgbench not found (Debian: apt-get install postgresql-client)")
    print(f"setting up {BENCH_DB} and {PGBENCH_DB} …", flush=True)
    setup(args.campaigns, args.investors)
    pgsetup.admin(f"DROP DATABASE IF EXISTS {PGBENCH_DB} WITH (FORCE)")
    pgsetup.admin(f"CREATE DATABASE {PGBENCH_DB}")
    s = pgsetup.server()
    init = ["pgbench", "-h", s["host"], "-p", s["port"], "-U", s["user"], "-i", "-q", "-s", "10"]
    subprocess.run([*init, PGBENCH_DB], check=True, capture_output=True)
    pledges = _run(args.clients, args.seconds)
    tps = pgsetup.pgbench(args.clients, int(args.seconds), PGBENCH_DB)
    ratio = round(pledges["per_second"] / tps, 3) if tps else None
    print(f"{args.clients} clients: pledges {pledges}, pgbench {tps} tps", flush=True)
    from django.db import connections

    connections.close_all()
    found = breaches()
    close = close_all()
    summary = {
        "benchmark": "capital-pledges",
        "seconds": args.seconds,
        "clients": args.clients,
        "campaigns": args.campaigns,
        "investors": args.investors,
        "cpus": os.cpu_count(),
        "pledges_per_s": pledges["per_second"],
        "pledges": pledges["count"],
        "refused_by_caps": pledges["refused_by_caps"],
        "errors": pledges["errors"],
        "pgbench_tps": tps,
        "ratio": ratio,
        "target_ratio": TARGET_RATIO,
        "breaches": found[:5],
        "breach_count": len(found),
        "target_met": bool(ratio and ratio >= TARGET_RATIO and not found and not pledges["errors"]),
        "close": close,
        "close_clean": close["breach_count"] == 0,
    }
    DATA.mkdir(parents=True, exist_ok=True)
    (DATA / "capital-pledges.json").write_text(json.dumps(summary, indent=2) + "\n")
    print(json.dumps(summary))


if __name__ == "__main__":
    main()

"""Benchmark of capital readiness: assessing 20,000 firms in batches against a naive loop
(not a test).

    .venv/bin/python bench/capital.py                       # SQLite, var/bench-capital.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/capital.py
    options: --firms 20000 --batch 500 --naive-sample 300

It builds a fresh database (SQLite file or the PostgreSQL database `karsaz_bench_capital` on
the server of DATABASE_URL) with `--firms` SME firms, each with a declaration, three Jalali
fiscal years of statements and a finance history (two invoices supplied, one owed as a buyer,
repaid, overdue or still financed), all by bulk_create. Then, in the same run:

- batched: `assess_many` over every firm, `--batch` firms per transaction: facts for the whole
  batch in a constant number of queries (registry, declarations, statements, one or two per
  `firm_record` provider), results and gaps written by bulk_create;
- naive baseline: one firm at a time, each criterion of each market reading its fact with its
  own queries (`collect_facts` for that one firm, per criterion), each row saved on its own. It
  runs on a sample (`--naive-sample`, 200 by default: at ~170 queries per firm the full 20,000
  would take long) of firms the batched run did not include in its timing; firms/s and queries
  per firm are rates, so the sample is comparable.

Reported: firms/s for both, the ratio, SQL queries per firm for both and the queries of every
batch (target: the same count for every batch of the same size, i.e. constant per batch, not
per criterion; and fewer than one query per firm). The last line is one JSON object with
`target_met`.

The other half of the issue's measurement, pledges per second at 8 clients on PostgreSQL against
pgbench, is `bench/capital_pledges.py` (its own database and load).
"""

import argparse
import datetime as dt
import json
import os
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "karsaz_bench_capital"
SQLITE = ROOT / "var" / "bench-capital.sqlite3"
B = 1_000_000_000


def _setup_database() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        u = urlparse(url)
        admin = dict(
            host=u.hostname or "127.0.0.1",
            port=u.port or 5432,
            user=u.username or "postgres",
            dbname="postgres",
            autocommit=True,
        )
        with psycopg.connect(**admin) as conn:  # type: ignore[call-overload]
            conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {BENCH_DB}")
        os.environ["DATABASE_URL"] = (
            f"postgres://{admin['user']}@{admin['host']}:{admin['port']}/{BENCH_DB}"
        )
        engine = "postgresql"
    else:
        SQLITE.parent.mkdir(exist_ok=True)
        SQLITE.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{SQLITE}"
        engine = "sqlite"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "karsaz.settings_test")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    return engine


def generate(n: int, seed: int = 14) -> list[int]:
    """n firms with a declaration, three fiscal years and a finance history; returns their ids."""
    import random

    from django.utils import timezone

    from karsaz.capital.choices import AuditOpinion
    from karsaz.capital.models import CapitalProfile, FinancialStatement
    from karsaz.finance import services as finance
    from karsaz.finance.choices import InvoiceState
    from karsaz.finance.models import Invoice
    from karsaz.registry.choices import EnterpriseKind
    from karsaz.registry.models import Enterprise, Province
    from karsaz.testing.factories import EnterpriseFactory, UserFactory, fresh_national_id

    rng = random.Random(seed)
    provinces = list(Province.objects.all())
    national = UserFactory(username="bench-national", agency_role="national_staff")
    anchor = EnterpriseFactory(kind=EnterpriseKind.ANCHOR_BUYER, employees=3000)
    programme = finance.programme_create(
        user=national,
        buyer=anchor,
        name_fa="برنامهٔ آزمون",
        name_en="Bench programme",
        buyer_limit=10**15,
    )
    now = timezone.now()
    firms = Enterprise.objects.bulk_create(
        [
            Enterprise(
                name_fa=f"شرکت آزمون {i}",
                name_en=f"Bench firm {i}",
                kind=EnterpriseKind.SME,
                national_id=fresh_national_id(),
                employees=rng.randrange(3, 400),
                province=rng.choice(provinces),
                search_text=f"bench firm {i}",
                created_at=now - dt.timedelta(days=rng.randrange(100, 6000)),
            )
            for i in range(n)
        ],
        batch_size=2000,
    )
    ids = [f.pk for f in firms]
    profiles, statements, invoices = [], [], []
    today = timezone.localdate()
    for i, pk in enumerate(ids):
        tier = i % 3
        profiles.append(
            CapitalProfile(
                enterprise_id=pk,
                registered_capital=rng.randrange(1, 400) * B,
                shareholders=rng.randrange(2, 400),
                float_pct=rng.choice((None, 5, 12, 20)),
                independent_director=rng.choice((None, True, False)),
                audit_committee=tier == 0,
                internal_controls=rng.choice((None, True)),
                ir_officer=rng.choice((None, True, False)),
            )
        )
        for back in range(3):
            net = rng.randrange(-20, 60) * B
            statements.append(
                FinancialStatement(
                    enterprise_id=pk,
                    fiscal_year=1404 - back,
                    revenue=rng.randrange(50, 900) * B,
                    operating_profit=net + 5 * B,
                    net_profit=net,
                    equity=rng.randrange(-10, 200) * B,
                    total_assets=rng.randrange(100, 900) * B,
                    retained_earnings=net * 2,
                    audit_opinion=rng.choice(list(AuditOpinion.values)),
                    confirmed_at=now if tier == 0 else None,
                    confirmed_by=national if tier == 0 else None,
                )
            )
        for k in range(2):  # supplied to the anchor buyer
            issue = today - dt.timedelta(days=rng.randrange(40, 400))
            invoices.append(
                Invoice(
                    programme=programme,
                    supplier_id=pk,
                    buyer=anchor,
                    number=f"B{i}-{k}",
                    number_key=f"b{i}-{k}",
                    issue_date=issue,
                    due_date=issue + dt.timedelta(days=90),
                    amount=rng.randrange(1, 50) * B,
                    state=rng.choice(
                        (InvoiceState.REPAID, InvoiceState.FINANCED, InvoiceState.SUBMITTED)
                    ),
                    submitted_by=national,
                    financed_on=issue + dt.timedelta(days=3) if k == 0 else None,
                )
            )
        issue = today - dt.timedelta(days=rng.randrange(40, 400))
        invoices.append(  # owed as a buyer to the anchor (an SME buying from it)
            Invoice(
                programme=programme,
                supplier=anchor,
                buyer_id=pk,
                number=f"O{i}",
                number_key=f"o{i}",
                issue_date=issue,
                due_date=issue + dt.timedelta(days=30),
                amount=rng.randrange(1, 50) * B,
                state=rng.choice(
                    (InvoiceState.REPAID, InvoiceState.OVERDUE, InvoiceState.FINANCED)
                ),
                submitted_by=national,
                financed_on=issue + dt.timedelta(days=2),
            )
        )
    CapitalProfile.objects.bulk_create(profiles, batch_size=2000)
    FinancialStatement.objects.bulk_create(statements, batch_size=2000)
    Invoice.objects.bulk_create(invoices, batch_size=2000)
    return ids


def naive_assess(firm: Any, rule_sets: list[Any]) -> int:
    """The baseline: one firm, each criterion reading its own fact, each row saved alone."""
    from django.utils import timezone

    from karsaz.capital.choices import EvidenceSource, Outcome
    from karsaz.capital.models import Assessment, CriterionResult, MarketResult
    from karsaz.capital.services.readiness import collect_facts, evaluate

    assessment = Assessment.objects.create(enterprise=firm, made_at=timezone.now(), facts={})
    for rule_set in rule_sets:
        rows = []
        for criterion in rule_set.criteria.all():
            fact = collect_facts([firm])[firm.pk].get(criterion.key)
            rows.append((criterion, evaluate(criterion, fact), fact))
        weight = sum(c.weight for c, _, _ in rows) or 1
        met = sum(c.weight for c, o, _ in rows if o == Outcome.MET)
        result = MarketResult.objects.create(
            assessment=assessment,
            rule_set=rule_set,
            score=met * 100 // weight,
            met=sum(o == Outcome.MET for _, o, _ in rows),
            unknown=sum(o == Outcome.UNKNOWN for _, o, _ in rows),
            total=len(rows),
        )
        for criterion, outcome, fact in rows:
            CriterionResult.objects.create(
                market_result=result,
                criterion=criterion,
                outcome=outcome,
                value=str(fact["value"]) if fact else "",
                source=fact["source"] if fact else EvidenceSource.NONE,
            )
    return assessment.pk


class Counter:
    """Counts the SQL statements run inside it, reads (SELECT) and writes apart (a wrapper:
    Django's own query log keeps only the last 9,000)."""

    def __init__(self) -> None:
        self.reads = self.writes = 0

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if sql.lstrip().upper().startswith("SELECT"):
            self.reads += 1
        else:
            self.writes += 1
        return execute(sql, params, many, context)

    @property
    def total(self) -> int:
        return self.reads + self.writes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--firms", type=int, default=20_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--naive-sample", type=int, default=200)
    args = parser.parse_args()
    engine = _setup_database()

    from django.db import connection

    from karsaz.capital.services.readiness import assess_many, rule_sets_in_force
    from karsaz.registry.models import Enterprise

    t0 = time.perf_counter()
    ids = generate(args.firms)
    print(f"generated {len(ids)} firms in {time.perf_counter() - t0:.1f}s ({engine})", flush=True)

    # Batched: every firm, batch by batch, each batch's queries counted.
    # On SQLite a bulk insert is split by the 999-variable limit, so the writes per batch follow
    # the rows written (gaps vary); the reads per batch are the constant that matters.
    per_batch: list[Counter] = []
    t0 = time.perf_counter()
    for start in range(0, len(ids), args.batch):
        counter = Counter()
        with connection.execute_wrapper(counter):
            assess_many(ids[start : start + args.batch], batch=args.batch)
        per_batch.append(counter)
    batched_s = time.perf_counter() - t0
    batched_rate = len(ids) / batched_s
    batched_qpf = sum(c.total for c in per_batch) / len(ids)
    full = [c for c, start in zip(per_batch, range(0, len(ids), args.batch), strict=True)
            if len(ids) - start >= args.batch]  # fmt: skip
    reads = sorted({c.reads for c in full})
    writes = sorted({c.writes for c in full})
    print(
        f"batched: {len(ids)} firms in {batched_s:.1f}s = {batched_rate:.0f} firms/s, "
        f"{batched_qpf:.3f} queries/firm; per full batch: reads {reads}, writes {writes}",
        flush=True,
    )

    # Naive: a sample, one firm at a time.
    sample = list(Enterprise.objects.filter(pk__in=ids[: args.naive_sample]).order_by("pk"))
    rule_sets = rule_sets_in_force()
    naive = Counter()
    t0 = time.perf_counter()
    with connection.execute_wrapper(naive):
        for firm in sample:
            naive_assess(firm, rule_sets)
    naive_s = time.perf_counter() - t0
    naive_rate = len(sample) / naive_s
    naive_qpf = naive.total / len(sample)
    print(
        f"naive: {len(sample)} firms in {naive_s:.1f}s = {naive_rate:.0f} firms/s, "
        f"{naive_qpf:.1f} queries/firm",
        flush=True,
    )

    criteria = sum(len(rs.criteria.all()) for rs in rule_sets)
    constant = len(reads) == 1
    result = {
        "bench": "capital_readiness",
        "database": engine,
        "firms": len(ids),
        "fiscal_years_per_firm": 3,
        "markets": len(rule_sets),
        "criteria": criteria,
        "batch": args.batch,
        "batched_firms_per_s": round(batched_rate, 1),
        "batched_queries_per_firm": round(batched_qpf, 4),
        "reads_per_full_batch": reads,
        "writes_per_full_batch": writes,
        "naive_sample": len(sample),
        "naive_firms_per_s": round(naive_rate, 2),
        "naive_queries_per_firm": round(naive_qpf, 1),
        "naive_reads_per_firm": round(naive.reads / len(sample), 1),
        "speedup": round(batched_rate / naive_rate, 1),
        "target_met": constant and batched_qpf < 1 and batched_rate > naive_rate,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()

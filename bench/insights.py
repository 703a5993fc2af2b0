"""Benchmark of the insights aggregates on PostgreSQL (not a test).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/insights.py

Generates, once (kept between runs: generation is skipped while the database holds the marker
of the same scale), 100,000 enterprises, 200,000 invoices with their journal entries and about
1,000,000 ledger postings, bids, and some technology and clinics rows, written with COPY through
the ORM's connection. Then, in one run on the same server:
- the full refresh of every fact (`refresh(full=True)`), with each fact's time;
- an incremental refresh (`refresh()`) after 1,000 new invoices (with their submission and
  acceptance entries): target under 10 s;
- p50/p95 of a national and a provincial dashboard served from the stored cells: every fact by
  province, by month and by size class, read as the pages read them (`dashboards.breakdowns`:
  one query per dimension), the provincial one filtered to one province: target p95 150 ms;
- the same figures by direct GROUP BY over the raw tables (the baseline), and a check that both
  give the same numbers;
- p50/p95 of the dashboard pages themselves (`/insights/` and a province's page, requested by a
  national officer through Django's test client), composed at every request and then served
  from the page cache of the refresh generation: the target is on the served (cached) pages.
`--scale 0.05` makes a quick small run. The last line is one JSON object.
"""

import argparse
import datetime as dt
import importlib
import json
import random
import statistics
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pgsetup

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "var" / "bench"  # the last run, for a later look (never committed)
BENCH_DB = "karsaz_bench_insights"
INCREMENTAL_TARGET_S = 10.0
DASHBOARD_TARGET_MS = 150.0
YEARS = 3  # the invoices' submission dates span this many years back from today


# -- generation ---------------------------------------------------------------------------------


def _filler(model: Any, now: dt.datetime) -> list[tuple[str, Callable[[dict[str, Any]], Any]]]:
    """For each concrete column: how to fill it from a row dict (missing keys get the field's
    default, now for auto dates, "" for text, NULL where allowed)."""
    from django.db import models
    from psycopg.types.json import Jsonb

    columns = []
    for f in model._meta.concrete_fields:
        if f.has_default():
            default = f.get_default()
        elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            default = now
        elif f.null:
            default = None
        elif isinstance(f, models.CharField | models.TextField | models.FileField):
            default = ""
        else:
            default = KeyError  # must be given

        def get(row: dict[str, Any], name: str = f.attname, d: Any = default, f: Any = f) -> Any:
            value = row.get(name, d)
            if value is KeyError:
                raise KeyError(f"{model.__name__}.{name}")
            if isinstance(f, models.JSONField):
                return Jsonb(value)
            return value

        columns.append((f.column, get))
    return columns


def copy(model: Any, rows: Iterable[dict[str, Any]], now: dt.datetime) -> int:
    """COPY rows (dicts with explicit ids) into the model's table through Django's connection."""
    from django.db import connection

    columns = _filler(model, now)
    names = ", ".join(f'"{c}"' for c, _ in columns)
    n = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(f'COPY "{model._meta.db_table}" ({names}) FROM STDIN') as out:
            for row in rows:
                out.write_row([get(row) for _, get in columns])
                n += 1
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('\"{model._meta.db_table}\"', 'id'), "
            f'(SELECT COALESCE(MAX(id), 1) FROM "{model._meta.db_table}"))'
        )
    return n


def _next_id(model: Any) -> int:
    from django.db.models import Max

    return (model.objects.aggregate(m=Max("id"))["m"] or 0) + 1


class Ledger:
    """Entries and postings built in memory with explicit ids, balanced by construction."""

    def __init__(self, now: dt.datetime) -> None:
        from karsaz.finance.models import JournalEntry, Posting

        self.now = now
        self.entries: list[dict[str, Any]] = []
        self.postings: list[dict[str, Any]] = []
        self.entry_id = _next_id(JournalEntry)
        self.posting_id = _next_id(Posting)

    def entry(
        self,
        invoice: int,
        kind: str,
        at: dt.datetime,
        legs: list[tuple[int, int]],
        *,
        phase: str = "posted",
        resolves: int | None = None,
        pending: bool = False,
    ) -> int:
        eid = self.entry_id
        self.entry_id += 1
        self.entries.append(
            {
                "id": eid,
                "idempotency_key": f"bench:{eid}",
                "kind": kind,
                "phase": phase,
                "resolves_id": resolves,
                "invoice_id": invoice,
                "created_at": at,
            }
        )
        for account, amount in legs:
            self.postings.append(
                {
                    "id": self.posting_id,
                    "entry_id": eid,
                    "account_id": account,
                    "amount": amount,
                    "pending": pending,
                }
            )
            self.posting_id += 1
        return eid

    def two_phase(
        self,
        invoice: int,
        kind: str,
        at: dt.datetime,
        confirmed: dt.datetime,
        legs: list[tuple[int, int]],
    ) -> None:
        pending = self.entry(invoice, kind, at, legs, phase="pending", pending=True)
        self.entry(invoice, kind, confirmed, legs, phase="post_pending", resolves=pending)


def generate(scale: float, seed: int = 15) -> dict[str, int]:
    from django.db import connection, transaction

    from karsaz.accounts.models import User
    from karsaz.clinics.models import Case, CaseSession
    from karsaz.finance.choices import AccountPurpose as P
    from karsaz.finance.models import Account, Bid, Invoice, JournalEntry, Posting, Programme
    from karsaz.registry.choices import EnterpriseKind
    from karsaz.registry.models import Enterprise, IndustrialPark, IsicActivity, Province
    from karsaz.technology.models import Capability, Proposal, TechnologyNeed

    rng = random.Random(seed)
    now = dt.datetime.now(dt.UTC)
    n_firms, n_invoices = int(100_000 * scale), int(200_000 * scale)
    provinces = list(Province.objects.values_list("pk", flat=True))
    parks = list(IndustrialPark.objects.values_list("pk", "province_id"))
    classes = list(IsicActivity.objects.filter(level="class").values_list("pk", flat=True))
    divisions = list(IsicActivity.objects.filter(level="division").values_list("pk", flat=True))
    user = User.objects.create(username="bench-insights")
    counts: dict[str, int] = {}

    def past(t: dt.datetime) -> dt.datetime:
        """Nothing generated happens after the run starts (it would look changed since)."""
        return min(t, now - dt.timedelta(minutes=5))

    def at(days_back: float) -> dt.datetime:
        return now - dt.timedelta(days=days_back, seconds=rng.randint(0, 86_399))

    with transaction.atomic(), connection.cursor() as cursor:
        # Bulk load: no per-row trigger (the ledger's balance trigger, FK checks); every entry
        # below is balanced by construction.
        cursor.execute("SET LOCAL session_replication_role = replica")
        first = _next_id(Enterprise)
        firms = []
        for i in range(n_firms):
            province = rng.choice(provinces)
            in_park = [p for p, prov in parks if prov == province] if rng.random() < 0.15 else []
            firms.append(
                {
                    "id": first + i,
                    "name_fa": f"شرکت نمونه {i}",
                    "name_en": f"Sample {i}",
                    "kind": (EnterpriseKind.SME if i % 10 else EnterpriseKind.KNOWLEDGE_BASED),
                    "national_id": f"9{i:010d}",
                    "employees": int(rng.lognormvariate(2.6, 1.1)),
                    "isic_id": rng.choice(classes if rng.random() < 0.7 else divisions),
                    "province_id": province,
                    "park_id": rng.choice(in_park) if in_park else None,
                    "created_at": at(rng.uniform(0, 365 * (YEARS + 2))),
                }
            )
        counts["enterprises"] = copy(Enterprise, firms, now)
        ids = [f["id"] for f in firms]
        buyers, financiers = ids[:20], ids[20:30]
        suppliers = ids[30:]
        progs = [Programme.objects.create(name_fa=f"برنامه {b}", buyer_id=b).pk for b in buyers]
        # Accounts: one per party and purpose the invoices touch, plus the platform's.
        acct: dict[tuple[int | None, str], int] = {}
        aid = _next_id(Account)
        rows = []
        for party, purposes in (
            *((s, (P.SUPPLIER_RECEIVABLE, P.SUPPLIER_CASH)) for s in suppliers),
            *((b, (P.BUYER_PAYABLE, P.BUYER_PENALTY)) for b in buyers),
            *(
                (f, (P.FINANCIER_FUNDS, P.FINANCIER_RECEIVABLE, P.FINANCIER_PENALTY))
                for f in financiers
            ),
            (None, (P.PLATFORM_FEES, P.BANK_CLEARING)),
        ):
            for purpose in purposes:
                acct[(party, purpose)] = aid
                rows.append({"id": aid, "enterprise_id": party, "purpose": purpose})
                aid += 1
        counts["accounts"] = copy(Account, rows, now)

        ledger = Ledger(now)
        invoices, bids = [], []
        inv_id, bid_id = _next_id(Invoice), _next_id(Bid)
        for _ in range(n_invoices):
            k = rng.randrange(len(buyers))
            supplier = rng.choice(suppliers)
            submitted = at(rng.uniform(1, 365 * YEARS))
            amount = rng.randint(10, 5_000) * 1_000_000
            issue = submitted.date() - dt.timedelta(days=3)
            due = issue + dt.timedelta(days=rng.randint(30, 180))
            row: dict[str, Any] = {
                "id": inv_id,
                "programme_id": progs[k],
                "supplier_id": supplier,
                "buyer_id": buyers[k],
                "number": f"B-{inv_id}",
                "number_key": f"B{inv_id}",
                "issue_date": issue,
                "due_date": due,
                "amount": amount,
                "state": "submitted",
                "submitted_by_id": user.pk,
                "submitted_at": submitted,
                "updated_at": submitted,
            }
            ledger.entry(inv_id, "submission", submitted, [])
            fate = rng.random()
            if fate < 0.1:
                row["state"] = "rejected"
                ledger.entry(inv_id, "rejection", past(submitted + dt.timedelta(days=2)), [])
            elif fate < 0.9:
                accepted_at = past(submitted + dt.timedelta(days=rng.randint(1, 5)))
                row.update(state="accepted", accepted_at=accepted_at)
                ledger.entry(
                    inv_id,
                    "acceptance",
                    accepted_at,
                    [
                        (acct[(supplier, P.SUPPLIER_RECEIVABLE)], amount),
                        (acct[(buyers[k], P.BUYER_PAYABLE)], -amount),
                    ],
                )
                if fate < 0.4:  # put to auction and financed
                    asked = past(accepted_at + dt.timedelta(hours=2))
                    ledger.entry(inv_id, "financing_request", asked, [])
                    rate = rng.randint(1500, 3200)
                    fin = rng.choice(financiers)
                    for b in range(rng.randint(1, 3)):
                        bids.append(
                            {
                                "id": bid_id,
                                "invoice_id": inv_id,
                                "rate_bp": rate + 50 * b,
                                "financier_id": fin if b == 0 else rng.choice(financiers),
                                "state": "won" if b == 0 else "lost",
                                "created_at": asked,
                            }
                        )
                        bid_id += 1
                    days = (due - asked.date()).days
                    discount = amount * rate * days // 3_650_000
                    fee = amount * 20 // 10_000
                    taken = past(asked + dt.timedelta(days=2))
                    financed = past(taken + dt.timedelta(hours=rng.randint(1, 48)))
                    ledger.two_phase(
                        inv_id,
                        "disbursement",
                        taken,
                        financed,
                        [
                            (acct[(fin, P.FINANCIER_RECEIVABLE)], amount),
                            (acct[(supplier, P.SUPPLIER_RECEIVABLE)], -amount),
                            (acct[(fin, P.FINANCIER_FUNDS)], -(amount - discount)),
                            (acct[(supplier, P.SUPPLIER_CASH)], amount - discount - fee),
                            (acct[(None, P.PLATFORM_FEES)], fee),
                        ],
                    )
                    row.update(
                        state="financed",
                        financier_id=fin,
                        rate_bp=rate,
                        discount=discount,
                        fee=fee,
                        financed_on=financed.date(),
                        updated_at=financed,
                    )
                    if fate < 0.2 and due < now.date():  # repaid, some late
                        paid = past(
                            dt.datetime.combine(due, dt.time(10), dt.UTC)
                            + dt.timedelta(days=rng.choice((0, 0, 0, 3, 12)))
                        )
                        ledger.two_phase(
                            inv_id,
                            "repayment",
                            paid,
                            past(paid + dt.timedelta(hours=3)),
                            [
                                (acct[(buyers[k], P.BUYER_PAYABLE)], amount),
                                (acct[(fin, P.FINANCIER_RECEIVABLE)], -amount),
                                (acct[(fin, P.FINANCIER_FUNDS)], amount),
                                (acct[(None, P.BANK_CLEARING)], -amount),
                            ],
                        )
                        row.update(state="repaid", principal_repaid=amount, updated_at=paid)
                    elif fate < 0.22 and due < now.date():
                        late = past(dt.datetime.combine(due, dt.time(1), dt.UTC) + dt.timedelta(1))
                        ledger.entry(inv_id, "overdue", late, [])
                        row.update(state="overdue", updated_at=late)
            invoices.append(row)
            inv_id += 1
        counts["invoices"] = copy(Invoice, invoices, now)
        counts["bids"] = copy(Bid, bids, now)
        counts["journal_entries"] = copy(JournalEntry, ledger.entries, now)
        counts["postings"] = copy(Posting, ledger.postings, now)

        # Some rows of the other programmes.
        need_id, cap_id, prop_id = (
            _next_id(TechnologyNeed),
            _next_id(Capability),
            _next_id(Proposal),
        )
        n_needs = max(10, int(10_000 * scale))
        needs = [
            {
                "id": need_id + i,
                "enterprise_id": rng.choice(suppliers),
                "title": "نیاز",
                "summary": "—",
                "province_id": rng.choice(provinces),
                "created_at": at(rng.uniform(30, 365 * YEARS)),
            }
            for i in range(n_needs)
        ]
        caps = [
            {
                "id": cap_id + i,
                "enterprise_id": rng.choice(suppliers),
                "title": "توان",
                "description": "—",
                "created_at": at(rng.uniform(30, 365 * YEARS)),
            }
            for i in range(n_needs // 2)
        ]
        props = []
        for i in range(n_needs):
            need = needs[i]
            signed = rng.random() < 0.3
            props.append(
                {
                    "id": prop_id + i,
                    "need_id": need["id"],
                    "capability_id": caps[i % len(caps)]["id"],
                    "state": "signed"
                    if signed
                    else rng.choice(["proposed", "declined", "negotiation"]),
                    "pitch": "—",
                    "agreement_type": "licensing" if signed else "",
                    "agreement_value": rng.randint(1, 500) * 10_000_000 if signed else None,
                    "agreement_date": (
                        need["created_at"] + dt.timedelta(days=rng.randint(5, 200))
                    ).date()
                    if signed
                    else None,
                    "created_at": need["created_at"],
                }
            )
        counts["needs"] = copy(TechnologyNeed, needs, now)
        counts["capabilities"] = copy(Capability, caps, now)
        counts["proposals"] = copy(Proposal, props, now)
        case_id, session_id = _next_id(Case), _next_id(CaseSession)
        areas = ["finance", "marketing", "operations", "strategy", "export"]
        cases, sessions = [], []
        for i, firm in enumerate(rng.sample(suppliers, max(10, int(5_000 * scale)))):
            opened = at(rng.uniform(30, 365 * YEARS))
            cases.append(
                {
                    "id": case_id + i,
                    "enterprise_id": firm,
                    "province_id": firms[firm - first]["province_id"],
                    "state": "requested",  # clinic clients, for the cohort view
                    "problem": "—",
                    "urgent_areas": [rng.choice(areas)],
                    "requested_by_id": user.pk,
                    "created_at": opened,
                    "last_activity_at": opened,
                }
            )
            for s in range(3):
                sessions.append(
                    {
                        "id": session_id,
                        "case_id": case_id + i,
                        "minutes": 30 * (s + 1),
                        "date": (opened + dt.timedelta(days=7 * (s + 1))).date(),
                        "mode": "online",
                        "created_by_id": user.pk,
                        "created_at": opened,
                    }
                )
                session_id += 1
        counts["clinic_cases"] = copy(Case, cases, now)
        counts["clinic_sessions"] = copy(CaseSession, sessions, now)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return counts


# -- measurement --------------------------------------------------------------------------------


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def _direct(fact: Any, by: str, province: int | None) -> dict[Any, tuple[int, int]]:
    """The baseline: one chart's figures by GROUP BY over the raw rows, no stored cells."""
    from django.db import models
    from django.db.models import Count, Sum
    from django.db.models.functions import Coalesce

    from karsaz.insights import months
    from karsaz.registry import sizing

    r = importlib.import_module("karsaz.insights.services.refresh")

    rows = fact.rows()
    model = rows.model
    datetimes = isinstance(r._field(model, fact.date), models.DateTimeField)
    span = r._span(fact, rows)
    if not span:
        return {}

    def at(name: str) -> str:
        return f"{fact.enterprise}__{name}" if fact.enterprise else name

    if province is not None:
        rows = rows.filter(**{at("province_id"): province})
    key = {
        "province": models.F(at("province_id")),
        "month": months.month_case(fact.date, span, datetimes=datetimes),
        "size_class": sizing.size_case(at("employees")),
    }[by]
    value = Sum(fact.value()) if fact.value is not None else Count("pk")
    grouped = (
        rows.order_by()
        .annotate(_key=key)
        .values("_key")
        .annotate(n=Count("pk"), t=Coalesce(value, 0, output_field=models.BigIntegerField()))
    )
    return {g["_key"]: (g["n"], int(g["t"])) for g in grouped}


def _dashboard(facts: list[Any], province: int | None, *, direct: bool) -> dict[Any, Any]:
    """The figures of a dashboard's charts (each fact by province, by month, by size class).
    From the cells exactly as the pages read them (`dashboards.breakdowns`: one query per
    dimension for every fact at once), or by GROUP BY over the raw tables (the baseline)."""
    from karsaz.insights.selectors import Filters, breakdowns

    out = {}
    for by in ("province", "month", "size_class"):
        if direct:
            for fact in facts:
                out[(fact.code, by)] = _direct(fact, by, province)
            continue
        got = breakdowns(facts, Filters(province=province), by)
        for fact in facts:
            rows = got.get(fact.code, [])
            out[(fact.code, by)] = {g["key"]: (g["rows"], g["total"]) for g in rows}
    return out


def _pages(province_code: str, requests: int) -> dict[str, Any]:
    """The dashboard pages themselves, as a national officer requests them (Django's test
    client: the view, its reads from the aggregates, the charts and the template): composed at
    every request (the page cache off), then served from the cache of the refresh generation
    (the first request after a refresh composes and keeps the figures; the samples are the
    requests after it), in the same run."""
    from django.test import Client, override_settings

    from karsaz.accounts.choices import AgencyRole
    from karsaz.accounts.models import User
    from karsaz.insights.services.refresh import bump_generation

    officer, _ = User.objects.get_or_create(
        username="bench-national", defaults={"agency_role": AgencyRole.NATIONAL_STAFF}
    )
    client = Client()
    client.force_login(officer)
    out: dict[str, Any] = {}
    for name, path in (
        ("national", "/insights/"),
        ("provincial", f"/insights/province/{province_code}/"),
    ):
        with override_settings(INSIGHTS_PAGE_CACHE_SECONDS=0):
            response = client.get(path)  # warm
            if response.status_code != 200:
                raise SystemExit(f"{path} answered {response.status_code}")
            samples = [_timed(lambda path=path: client.get(path))[0] for _ in range(requests)]
        bump_generation()  # as a refresh does: nothing cached yet for this generation
        first, _response = _timed(lambda path=path: client.get(path))
        cached = [_timed(lambda path=path: client.get(path))[0] for _ in range(requests)]
        before, after = _percentiles(samples), _percentiles(cached)
        out[name] = {
            "path": path,
            **before,
            "cached": {**after, "first_after_refresh_ms": round(first * 1000, 1)},
            "cached_p95_ratio": round(after["p95_ms"] / before["p95_ms"], 3),
        }
        print(f"{name} page: {out[name]}", flush=True)
    return out


def _cohorts(province: int | None) -> dict[str, Any]:
    """The cohort view (not in the issue's targets, reported): one GROUP BY over every firm."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from karsaz.insights.cohorts import cohorts

    out: dict[str, Any] = {}
    for name, prov in (("national", None), ("provincial", province)):
        with CaptureQueriesContext(connection) as queries:
            seconds, found = _timed(lambda prov=prov: cohorts(province_id=prov))
        out[name] = {
            "ms": round(seconds * 1000, 1),
            "queries": len(queries),
            "strata": len(found.strata),
            "clients": found.total.clients.firms,
        }
    print(f"cohorts: {out}", flush=True)
    return out


def _percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50_ms": round(statistics.median(ordered) * 1000, 1), "p95_ms": round(p95 * 1000, 1)}


def _add_invoices(n: int) -> None:
    """n new invoices submitted now, each accepted: entries and postings as the services write."""
    from django.db import connection, transaction

    from karsaz.finance.choices import AccountPurpose as P
    from karsaz.finance.models import Account, Invoice, JournalEntry, Posting

    rng = random.Random(99)
    now = dt.datetime.now(dt.UTC)
    template = list(
        Invoice.objects.order_by("id")[:500].values(
            "programme_id", "supplier_id", "buyer_id", "submitted_by_id"
        )
    )
    accounts = {
        (a["enterprise_id"], a["purpose"]): a["id"]
        for a in Account.objects.filter(
            purpose__in=[P.SUPPLIER_RECEIVABLE, P.BUYER_PAYABLE]
        ).values("id", "enterprise_id", "purpose")
    }
    ledger = Ledger(now)
    rows = []
    inv_id = _next_id(Invoice)
    for i in range(n):
        t = template[i % len(template)]
        amount = rng.randint(10, 5_000) * 1_000_000
        rows.append(
            {
                **t,
                "id": inv_id,
                "number": f"N-{inv_id}",
                "number_key": f"N{inv_id}",
                "issue_date": now.date(),
                "due_date": now.date() + dt.timedelta(days=90),
                "amount": amount,
                "state": "accepted",
                "submitted_at": now,
                "accepted_at": now,
                "updated_at": now,
            }
        )
        ledger.entry(inv_id, "submission", now, [])
        ledger.entry(
            inv_id,
            "acceptance",
            now,
            [
                (accounts[(t["supplier_id"], P.SUPPLIER_RECEIVABLE)], amount),
                (accounts[(t["buyer_id"], P.BUYER_PAYABLE)], -amount),
            ],
        )
        inv_id += 1
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        copy(Invoice, rows, now)
        copy(JournalEntry, ledger.entries, now)
        copy(Posting, ledger.postings, now)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0: 100k firms, 200k invoices")
    parser.add_argument("--requests", type=int, default=20, help="dashboard requests per kind")
    parser.add_argument("--fresh", action="store_true", help="drop and generate again")
    args = parser.parse_args()
    db = BENCH_DB if args.scale == 1.0 else f"{BENCH_DB}_{str(args.scale).replace('.', '_')}"
    marker = f"insights-bench-{args.scale}"
    if args.fresh or not pgsetup.exists(db):
        pgsetup.admin(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")
        pgsetup.admin(f"CREATE DATABASE {db}")
    pgsetup.django(db)
    from django.core.management import call_command
    from django.db import connection

    from karsaz.accounts.models import User
    from karsaz.insights import catalog
    from karsaz.insights.models import Cell
    from karsaz.insights.services.refresh import refresh_fact
    from karsaz.registry.models import Enterprise, Province

    summary: dict[str, Any] = {"scale": args.scale, "database": db}
    generated = _has_tables() and User.objects.filter(username=marker).exists()
    call_command("migrate", verbosity=0)  # a kept database gets the tables added since
    if not generated:
        print(f"generating into {db} (scale {args.scale}) …", flush=True)
        call_command("load_reference", verbosity=0)
        seconds, counts = _timed(lambda: generate(args.scale))
        User.objects.create(username=marker)
        print(f"generated in {seconds:.0f} s: {counts}", flush=True)
        summary["generation_s"] = round(seconds, 1)
    from karsaz.finance.models import Invoice, Posting

    summary["rows"] = {
        "enterprises": Enterprise.objects.count(),
        "invoices": Invoice.objects.count(),
        "postings": Posting.objects.count(),
    }
    print(f"rows: {summary['rows']}", flush=True)
    facts = list(catalog.facts().values())

    per_fact = {}
    t0 = time.perf_counter()
    for fact in facts:
        seconds, state = _timed(lambda fact=fact: refresh_fact(fact, full=True))
        per_fact[fact.code] = {"s": round(seconds, 2), "cells": state.cells}
    summary["full_refresh_s"] = round(time.perf_counter() - t0, 2)
    summary["full_refresh_per_fact"] = per_fact
    summary["cells"] = Cell.objects.count()
    print(f"full refresh: {summary['full_refresh_s']} s, {summary['cells']} cells", flush=True)

    _add_invoices(1000)
    # `refresh()` fact by fact, to see where the time goes.
    per_fact = {}
    t0 = time.perf_counter()
    for fact in facts:
        seconds, state = _timed(lambda fact=fact: refresh_fact(fact))
        per_fact[fact.code] = {"s": round(seconds, 2), "months": state.months}
    seconds = time.perf_counter() - t0
    summary["incremental_refresh_s"] = round(seconds, 2)
    summary["incremental_per_fact"] = {c: v for c, v in per_fact.items() if v["s"] >= 0.1}
    print(f"incremental refresh after 1,000 invoices: {seconds:.2f} s", flush=True)

    busiest = (
        Enterprise.objects.values("province_id").annotate(n=models_count()).order_by("-n").first()
    )
    province = busiest["province_id"] if busiest else None
    summary["province"] = Province.objects.get(pk=province).code
    for name, prov in (("national", None), ("provincial", province)):
        served = _dashboard(facts, prov, direct=False)  # warm
        samples = [
            _timed(lambda prov=prov: _dashboard(facts, prov, direct=False))[0]
            for _ in range(args.requests)
        ]
        direct_samples, direct = [], None
        for _ in range(max(3, args.requests // 5)):
            seconds, direct = _timed(lambda prov=prov: _dashboard(facts, prov, direct=True))
            direct_samples.append(seconds)
        mismatched = [k for k in served if _norm(served[k]) != _norm(direct[k])]  # type: ignore[index]
        summary[name] = {
            "charts": len(served),
            "cells": _percentiles(samples),
            "direct": _percentiles(direct_samples),
            "speedup_p50": round(statistics.median(direct_samples) / statistics.median(samples), 1),
            "mismatched_charts": mismatched,
        }
        print(f"{name} dashboard: {summary[name]}", flush=True)
        probe = _rollup_probe(facts, prov, args.requests)
        probe["mismatched_charts"] = _probe_mismatch(served, probe)
        summary[name]["rollup_probe"] = probe
        print(f"{name} dashboard from a rollup (probe): {probe}", flush=True)
    summary["pages"] = _pages(summary["province"], args.requests)
    summary["cohorts"] = _cohorts(province)
    connection.close()
    summary["target_incremental_s"] = INCREMENTAL_TARGET_S
    summary["target_dashboard_p95_ms"] = DASHBOARD_TARGET_MS
    # The target is on the dashboard requests (the pages); the figures of the three breakdowns
    # above are reported beside them, with their baseline.
    summary["target_met"] = (
        summary["incremental_refresh_s"] < INCREMENTAL_TARGET_S
        and summary["pages"]["national"]["cached"]["p95_ms"] < DASHBOARD_TARGET_MS
        and summary["pages"]["provincial"]["cached"]["p95_ms"] < DASHBOARD_TARGET_MS
        and not summary["national"]["mismatched_charts"]
        and not summary["provincial"]["mismatched_charts"]
    )
    DATA.mkdir(parents=True, exist_ok=True)
    (DATA / "insights-last-run.json").write_text(json.dumps(summary, indent=2) + "\n")
    print(json.dumps(summary))


def _rollup_probe(facts: list[Any], province: int | None, requests: int) -> dict[str, Any]:
    """Not the served path, a design probe: the same dashboard from a rollup of the cells to
    (fact, month, province, size class), the only dimensions its charts use, one query per fact
    (GROUPING SETS) instead of one per chart."""
    from django.db import connection

    from karsaz.insights.models import Cell

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_rollup")
        cursor.execute(
            "CREATE TABLE bench_rollup AS SELECT fact, month, province_id, size_class, "
            "SUM(rows) AS rows, SUM(total) AS total "
            f'FROM "{Cell._meta.db_table}" GROUP BY 1, 2, 3, 4'
        )
        cursor.execute("CREATE INDEX ON bench_rollup (fact, province_id)")
        cursor.execute("ANALYZE bench_rollup")
        cursor.execute("SELECT COUNT(*) FROM bench_rollup")
        size = cursor.fetchone()[0]

    def dashboard() -> dict[Any, Any]:
        """One query per fact: the three charts as GROUPING SETS."""
        out: dict[Any, Any] = {}
        where = "fact = %s" + (" AND province_id = %s" if province is not None else "")
        with connection.cursor() as cursor:
            for fact in facts:
                cursor.execute(
                    "SELECT province_id, month, size_class, SUM(rows), SUM(total) "
                    f"FROM bench_rollup WHERE {where} "
                    "GROUP BY GROUPING SETS ((province_id), (month), (size_class))",
                    [fact.code] if province is None else [fact.code, province],
                )
                charts: dict[str, dict[Any, Any]] = {"province": {}, "month": {}, "size_class": {}}
                for prov, month, size, n, t in cursor.fetchall():
                    by, key = (
                        ("province", prov) if prov is not None
                        else ("month", month) if month is not None else ("size_class", size)
                    )  # fmt: skip
                    charts[by][key] = (int(n), int(t))
                for by, figures in charts.items():
                    out[(fact.code, by)] = figures
        return out

    figures = dashboard()
    samples = [_timed(dashboard)[0] for _ in range(requests)]
    return {"rollup_rows": size, "cells": _percentiles(samples), "figures": figures}


def _probe_mismatch(served: dict[Any, Any], probe: dict[str, Any]) -> list[Any]:
    figures = probe.pop("figures")
    return [k for k in served if _norm(served[k]) != _norm(figures[k])]


def models_count() -> Any:
    from django.db.models import Count

    return Count("id")


def _norm(figures: dict[Any, tuple[int, int]]) -> dict[Any, tuple[int, int]]:
    """Same figures, keys compared as the cells store them (empty groups dropped)."""
    return {k: v for k, v in figures.items() if v != (0, 0) and k is not None}


def _has_tables() -> bool:
    from django.db import connection

    return "accounts_user" in connection.introspection.table_names()


if __name__ == "__main__":
    main()

"""The main list pages and API lists at national scale on PostgreSQL, before and after.

Builds (once; reused between runs) a database `karsaz_bench_scale` holding the demo dataset
multiplied in SQL (`INSERT … SELECT … generate_series`: minutes, not hours): 1,000,000
enterprises, 50,000 technology needs, 100,000 capabilities, 200,000 invoices (rows only: no
ledger postings, which the measured pages do not read) and 5,000 clinic cases. Then, signed in as
national staff, it times single requests (in process, Django's test client; median of --repeat)
of each page twice in the same run:

- baseline: Django's own paginator (an exact `COUNT(*)`), the list-order indexes dropped and no
  panel cache;
- now: `core/pagination.py`'s estimated count past KARSAZ_EXACT_COUNT_LIMIT, the indexes, and
  the finance staff workspace served from `core/panelcache.py` (a warm cache).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/scale_pages.py

Target per page: under 150 ms a request now (issue 16's p95 bound, here for one request alone).
The last line is one JSON object.
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pgsetup

DB = "karsaz_bench_scale"
SIZES = {
    "registry_enterprise": 1_000_000,
    "technology_technologyneed": 50_000,
    "technology_capability": 100_000,
    "finance_invoice": 200_000,
    "clinics_case": 5_000,
}
# Each table's unique or ordering columns, rewritten per copy `g` (the rest is copied from the
# demo's rows, so every constraint the demo meets still holds).
OVERRIDES: dict[str, dict[str, str]] = {
    "registry_enterprise": {
        "name_fa": "src.name_fa || ' ' || g",
        "search_text": "src.search_text || ' ' || g",
        "national_id": "(20000000000 + g)::text",
        "created_at": "now() - g * interval '1 second'",
    },
    "technology_technologyneed": {"created_at": "now() - g * interval '1 minute'"},
    "technology_capability": {"created_at": "now() - g * interval '1 minute'"},
    "finance_invoice": {
        "number": "src.number || '-' || g",
        "number_key": "src.number_key || '-' || g",
        "tax_id": "NULL",
    },
    # One open case per enterprise: each copy belongs to a generated enterprise of its own.
    "clinics_case": {
        "enterprise_id": "(SELECT max(id) FROM registry_enterprise) - g",
        "created_at": "now() - g * interval '1 hour'",
    },
}
INDEXES = {
    "enterprise_list_order_idx": "registry_enterprise (name_fa, id)",
    "need_list_order_idx": "technology_technologyneed (created_at DESC, id DESC)",
    "capability_list_order_idx": "technology_capability (created_at DESC, id DESC)",
    "case_list_order_idx": "clinics_case (created_at DESC, id DESC)",
}
PAGES = {
    "registry_list": "/registry/",
    "registry_search": "/registry/?q=%D8%B5%D9%86%D8%B9%D8%AA",  # «صنعت»
    "api_enterprises": "/api/v1/enterprises/",
    "technology_browse": "/technology/",
    "finance_staff": "/finance/",
    "clinics_list": "/clinics/",
}
TARGET_MS = 150.0


def grow(cursor: Any, table: str, total: int) -> None:
    """Copy `table`'s rows round-robin until it holds `total` rows."""
    cursor.execute(f"SELECT count(*) FROM {table}")
    have = cursor.fetchone()[0]
    if have >= total or have == 0:
        return
    cursor.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
        "AND column_name <> 'id' ORDER BY ordinal_position",
        [table],
    )
    columns = [row[0] for row in cursor.fetchall()]
    override = OVERRIDES.get(table, {})
    select = ", ".join(override.get(c, f'src."{c}"') for c in columns)
    cursor.execute(
        f"INSERT INTO {table} ({', '.join(f'{chr(34)}{c}{chr(34)}' for c in columns)}) "
        f"SELECT {select} FROM generate_series(1, %s) AS g "
        f"JOIN (SELECT *, row_number() OVER (ORDER BY id) - 1 AS rn FROM {table}) AS src "
        f"ON src.rn = g %% %s",
        [total - have, have],
    )


def build() -> None:
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM registry_enterprise")
        if cursor.fetchone()[0] == 0:
            call_command("seed_demo", verbosity=0)
        for table, total in SIZES.items():
            started = time.perf_counter()
            grow(cursor, table, total)
            print(f"{table}: {total} rows in {time.perf_counter() - started:.0f} s", flush=True)
        cursor.execute("ANALYZE")


def timed(client: Any, url: str, repeat: int) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)  # warm: templates, the first connection, the matcher's index
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return {"ms": round(statistics.median(times), 1), "queries": len(queries)}


def run(repeat: int, *, baseline: bool) -> dict[str, dict[str, Any]]:
    from django.core import paginator
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client, override_settings

    from karsaz.accounts.models import User
    from karsaz.core import api, listing, pagination

    with connection.cursor() as cursor:
        for name, target in INDEXES.items():
            if baseline:
                cursor.execute(f"DROP INDEX IF EXISTS {name}")
            else:
                cursor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")
        cursor.execute("ANALYZE")
    chosen = paginator.Paginator if baseline else pagination.Paginator
    listing.Paginator = chosen  # type: ignore[attr-defined,misc]
    api.Pagination.django_paginator_class = chosen
    cache.clear()
    client = Client()
    client.force_login(User.objects.get(username="national"))
    with override_settings(KARSAZ_PANEL_CACHE_SECONDS=0 if baseline else 300):
        return {name: timed(client, url, repeat) for name, url in PAGES.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not pgsetup.exists(DB):
        pgsetup.admin(f'CREATE DATABASE "{DB}" TEMPLATE template0 LC_CTYPE "C.UTF-8"')
    pgsetup.django(DB)
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    build()  # only what is missing
    before = run(args.repeat, baseline=True)
    after = run(args.repeat, baseline=False)
    pages = {}
    for name in PAGES:
        pages[name] = {
            "baseline_ms": before[name]["ms"],
            "ms": after[name]["ms"],
            "speedup": round(before[name]["ms"] / after[name]["ms"], 1),
            "queries": after[name]["queries"],
            "baseline_queries": before[name]["queries"],
            "met": after[name]["ms"] < TARGET_MS,
        }
        print(f"{name}: {before[name]['ms']} -> {after[name]['ms']} ms", flush=True)
    print(
        json.dumps(
            {
                "database": DB,
                "rows": SIZES,
                "repeat": args.repeat,
                "target_ms": TARGET_MS,
                "pages": pages,
                "all_met": all(p["met"] for p in pages.values()),
            }
        )
    )


if __name__ == "__main__":
    main()

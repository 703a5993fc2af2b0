"""Racing assessments and statement entries on PostgreSQL: a gap is never open twice, a fiscal
year is never entered twice, and the loser gets a clean error, not a 500."""

import importlib
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection, connections

from karsaz.capital import services
from karsaz.capital.choices import GapStatus
from karsaz.capital.models import Assessment, FinancialStatement, Gap
from karsaz.core.errors import error_codes
from karsaz.testing.factories_capital_readiness import readiness_world

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row-lock races need PostgreSQL; SQLite serializes writers (run with DATABASE_URL)",
    ),
    pytest.mark.django_db(transaction=True),
]
THREADS = 8


@pytest.fixture
def w(transactional_db: Any) -> Any:
    from django.core.management import call_command

    call_command("load_reference", verbosity=0)
    for name in ("0002_rule_sets", "0003_readiness_criteria"):
        importlib.import_module(f"karsaz.capital.migrations.{name}").forwards(apps, None)
    return readiness_world()


def race(fns: list[Callable[[], Any]]) -> list[Any]:
    barrier = threading.Barrier(len(fns))
    results: list[Any] = [None] * len(fns)

    def run(i: int, fn: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[i] = fn()
        except Exception as exc:  # the outcome is what we count
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(fns)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_racing_assessments_open_each_gap_once(w):
    results = race([lambda: services.assess(user=w.owner, enterprise=w.firm)] * THREADS)
    assert all(isinstance(r, Assessment) for r in results), results
    assert Assessment.objects.filter(enterprise=w.firm).count() == THREADS
    open_gaps = Gap.objects.filter(enterprise=w.firm).exclude(status=GapStatus.CLOSED)
    # 11 (SME market) + 7 (Novafarin) + 14 (first market) + 1 (crowdfunding), each once.
    assert open_gaps.count() == Gap.objects.filter(enterprise=w.firm).count() == 33


def test_racing_entries_of_one_fiscal_year(w):
    data = {"fiscal_year": 1402, "revenue": 1, "operating_profit": 0, "net_profit": 0,
            "equity": 1, "total_assets": 1, "audit_opinion": "unqualified"}  # fmt: skip
    results = race(
        [lambda: services.statement_create(user=w.owner, enterprise=w.firm, data=data)] * THREADS
    )
    won = [r for r in results if isinstance(r, FinancialStatement)]
    lost = [r for r in results if isinstance(r, ValidationError)]
    assert (len(won), len(lost)) == (1, THREADS - 1), results
    assert all(error_codes(e) == {"fiscal_year": ["already_exists"]} for e in lost)
    assert FinancialStatement.objects.count() == 1

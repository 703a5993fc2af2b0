"""Racing writers on PostgreSQL: one active engagement per firm, one version number per upload,
one stage move per step, whatever the timing. (SQLite serializes writers; run with
DATABASE_URL.)"""

import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections

from karsaz.capital import services
from karsaz.capital.choices import EngagementState, FilingStage
from karsaz.capital.models import Engagement, StageChange
from karsaz.testing.factories_capital_dossier import (
    complete_dossier,
    dossier_world,
    engaged_filing,
    make_adviser,
    pdf,
)

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row-lock races need PostgreSQL; SQLite serializes writers (run with DATABASE_URL)",
    ),
    pytest.mark.django_db(transaction=True),
]
THREADS = 8


@pytest.fixture
def world(transactional_db):
    from django.core.management import call_command

    call_command("load_reference", verbosity=0)
    return dossier_world()


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


def outcomes(results: list[Any]) -> Counter:
    return Counter("ok" if not isinstance(r, Exception) else type(r).__name__ for r in results)


def test_racing_engagements_leave_one_active(world):
    advisers = [make_adviser(province=world.tehran, username=f"race-adv{i}")[0] for i in
                range(THREADS)]  # fmt: skip
    results = race(
        [
            lambda a=a: services.engagement_create(
                user=world.owner, enterprise=world.firm, adviser=a, market="sme_board"
            )
            for a in advisers
        ]
    )
    assert outcomes(results) == Counter({"ok": 1, "ValidationError": THREADS - 1})
    assert (
        Engagement.objects.filter(enterprise=world.firm, state=EngagementState.ACTIVE).count() == 1
    )


def test_racing_uploads_number_versions_once_each(world):
    document = engaged_filing(world).documents.first()
    results = race(
        [lambda: services.document_upload(user=world.owner, document=document, file=pdf())]
        * THREADS
    )
    assert outcomes(results) == Counter({"ok": THREADS})
    assert sorted(document.versions.values_list("number", flat=True)) == list(range(1, THREADS + 1))


def test_racing_moves_happen_once(world):
    filing = complete_dossier(world, engaged_filing(world))
    results = race(
        [lambda: services.filing_transition(user=world.adviser, filing=filing, action="complete")]
        * THREADS
    )
    assert outcomes(results) == Counter({"ok": 1, "ValidationError": THREADS - 1})
    filing.refresh_from_db()
    assert filing.stage == FilingStage.DOSSIER_COMPLETE
    assert StageChange.objects.filter(filing=filing, to_stage="dossier_complete").count() == 1

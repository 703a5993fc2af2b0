"""The capital programme's insight facts against a hand-computed fixture: readiness read from
each firm's latest assessment only, filings by stage and admissions."""

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from karsaz.capital.models import Assessment, Filing, MarketResult, RuleSet, StageChange
from karsaz.insights import catalog
from karsaz.insights.selectors import Filters, breakdown
from karsaz.insights.services.refresh import refresh
from karsaz.testing.factories_capital_dossier import ensure_rule_sets

pytestmark = pytest.mark.django_db
CODES = [c for c in catalog.facts() if c.startswith("capital.")]


def tehran(*args: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(*args))


def figures(code: str, **filters: Any) -> dict[Any, tuple[int, int]]:
    fact = catalog.fact(code)
    assert fact is not None
    return {
        r["key"]: (r["rows"], r["total"]) for r in breakdown(fact, Filters(**filters), "series")
    }


@pytest.fixture
def data(users: Any) -> Any:
    ensure_rule_sets()
    sme = RuleSet.objects.filter(market="sme_board").first()
    crowd = RuleSet.objects.filter(market="crowdfunding").first()
    assert sme is not None and crowd is not None

    def assess(firm: Any, at: dt.datetime, *results: tuple[Any, int, int]) -> None:
        a = Assessment.objects.create(enterprise=firm, made_at=at)
        for rule_set, score, met in results:
            MarketResult.objects.create(
                assessment=a, rule_set=rule_set, score=score, met=met, unknown=0, total=5
            )

    one, two = users.qazvin_sme, users.tehran_sme
    assess(one, tehran(2025, 1, 1), (sme, 40, 2))  # superseded by the next one
    assess(one, tehran(2025, 3, 25), (sme, 100, 5), (crowd, 60, 3))
    assess(two, tehran(2025, 3, 10), (sme, 80, 4))
    filings = [
        Filing.objects.create(
            enterprise=firm,
            province=firm.province,
            market="sme_board",
            rule_set=sme,
            stage=stage,
            created_by=users.national,
            created_at=tehran(2025, 2, 1),
        )
        for firm, stage in ((one, "filed"), (two, "admitted"))
    ]
    StageChange.objects.create(
        filing=filings[1],
        from_stage="admission_board",
        to_stage="admitted",
        by=users.national,
        at=tehran(2025, 3, 21, 0, 30),
    )
    refresh(full=True, codes=CODES)


def test_readiness_from_the_latest_assessment_only(data: Any) -> None:
    # Firm one's 40 % of January is replaced by its 100 % of Farvardin.
    assert figures("capital.readiness") == {"crowdfunding": (1, 60), "sme_board": (2, 180)}
    assert figures("capital.ready") == {"sme_board": (1, 1)}
    # A stock: at the end of Esfand 1403 only firm two's assessment stood.
    assert figures("capital.readiness", end=140312) == {"sme_board": (1, 80)}


def test_filings_by_stage_and_admissions(data: Any) -> None:
    assert figures("capital.filings") == {"admitted": (1, 1), "filed": (1, 1)}
    assert figures("capital.admissions") == {"sme_board": (1, 1)}
    fact = catalog.fact("capital.admissions")
    assert fact is not None
    [row] = breakdown(fact, Filters(), "month")
    assert row["key"] == 140401  # 00:30 on 1 Farvardin 1404, Tehran time

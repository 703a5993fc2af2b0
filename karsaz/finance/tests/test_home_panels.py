"""Finance on the home page: exact figures for each role of one programme, and nothing of
another party's."""

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from karsaz.core.panels import Panel
from karsaz.finance.home_panels import panels
from karsaz.finance.models import Invoice
from karsaz.testing.factories_finance import finance_world, financed, in_auction, submit

pytestmark = pytest.mark.django_db


def by_key(user: Any) -> dict[str, Panel]:
    return {p.key: p for p in panels(user=user)}


def figures(panel: Panel) -> dict[str, Any]:
    return {f.key: f.value for f in panel.figures if f.key}


@pytest.fixture
def world(provinces):
    w = finance_world(financier_limit=5_000_000_000)
    today = timezone.localdate()
    w.waiting = submit(w, number="A-1")
    w.other = submit(w, number="B-1", supplier=w.other_supplier)
    w.closing = in_auction(w, amount=2_000_000_000, number="C-1")
    w.later = in_auction(w, amount=3_000_000_000, number="D-1")
    end_of_today = timezone.localtime().replace(hour=23, minute=59, second=0, microsecond=0)
    Invoice.objects.filter(pk=w.closing.pk).update(auction_closes_at=end_of_today)
    Invoice.objects.filter(pk=w.later.pk).update(
        auction_closes_at=end_of_today + dt.timedelta(days=1)
    )
    w.due = financed(w, amount=1_000_000_000, days=30, number="E-1")
    w.late = financed(w, amount=500_000_000, days=60, number="F-1")
    Invoice.objects.filter(pk=w.late.pk).update(due_date=today - dt.timedelta(days=3))
    w.today = today
    return w


def test_supplier_sees_its_own_invoices_only(world):
    found = by_key(world.supplier_user)
    assert set(found) == {"finance-supplier"}
    panel = found["finance-supplier"]
    assert figures(panel) == {
        "supplier-awaiting": 1,
        "supplier-auction": 2,
        "supplier-financed": 2,
    }
    numbers = [row.cells[0].value for row in panel.rows]
    assert numbers == ["F-1", "E-1", "D-1", "C-1", "A-1"]
    assert "B-1" not in numbers  # the other supplier's


def test_buyer_sees_approvals_and_payables_with_the_overdue_flagged(world):
    found = by_key(world.maker)
    assert set(found) == {"finance-buyer-approvals", "finance-buyer-payables"}
    approvals = found["finance-buyer-approvals"]
    assert figures(approvals) == {"buyer-awaiting": 2}
    assert [row.cells[0].value for row in approvals.rows] == ["A-1", "B-1"]
    payables = found["finance-buyer-payables"]
    assert figures(payables) == {"buyer-overdue": 500_000_000}
    assert [
        (row.cells[0].value, row.cells[1].value, row.cells[2].value, row.warn)
        for row in payables.rows
    ] == [
        (world.today - dt.timedelta(days=3), 1, 500_000_000, True),
        (world.today + dt.timedelta(days=30), 1, 1_000_000_000, False),
    ]


def test_financier_sees_auctions_closing_today_and_its_limit(world):
    found = by_key(world.financier_users[0])
    assert set(found) == {"finance-auctions-today", "finance-limits"}
    auctions = found["finance-auctions-today"]
    assert figures(auctions) == {"auctions-today": 1}
    assert [row.cells[0].value for row in auctions.rows] == ["C-1"]
    limits = found["finance-limits"]
    assert figures(limits) == {
        "limits-cap": 5_000_000_000,
        "limits-used": 1_500_000_000,
        "limits-pct": 30,
    }
    assert [p.value for p in limits.chart.points] == [30]
    # The other financier sees the same auction, and only its own (unused) limit.
    other = by_key(world.financier_users[1])
    assert figures(other["finance-limits"]) == {
        "limits-cap": 5_000_000_000,
        "limits-used": 0,
        "limits-pct": 0,
    }


def test_staff_see_the_figures_of_their_scope(world):
    national = figures(by_key(world.national)["finance-staff"])
    assert national == {
        "finance-awaiting": 2,
        "finance-auction": 2,
        "finance-financed": 2,
        "finance-overdue": 0,
    }
    # The Qazvin officer: the Qazvin supplier's invoices, not the Tehran supplier's.
    qazvin = figures(by_key(world.qazvin_officer)["finance-staff"])
    assert qazvin == {
        "finance-awaiting": 1,
        "finance-auction": 2,
        "finance-financed": 2,
        "finance-overdue": 0,
    }


def test_an_outsider_has_no_finance_panel(world):
    assert panels(user=world.outsider) == []

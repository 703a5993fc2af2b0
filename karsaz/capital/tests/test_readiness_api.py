"""The readiness API end to end: a statement entered, confirmed by the adviser, assessed; the
error body's shape; nothing of another firm."""

import pytest

from karsaz.capital.models import FinancialStatement
from karsaz.testing.factories_capital_readiness import readiness_world

pytestmark = pytest.mark.django_db
BASE = "/api/v1/capital"


@pytest.fixture
def w():
    return readiness_world()


def test_enter_confirm_and_assess_through_the_api(api_as, w):
    body = {
        "enterprise": w.firm.pk, "fiscal_year": 1403, "revenue": 900, "operating_profit": 50,
        "net_profit": 40, "equity": 300, "total_assets": 1000, "audit_opinion": "unqualified",
    }  # fmt: skip
    created = api_as(w.owner).post(f"{BASE}/statements/", body, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["confirmed"] is False
    pk = created.json()["id"]
    twice = api_as(w.owner).post(f"{BASE}/statements/", body, format="json")
    assert twice.status_code == 400
    assert twice.json()["fiscal_year"][0]["code"] == "already_exists"
    fraction = api_as(w.owner).post(
        f"{BASE}/statements/", {**body, "fiscal_year": 1402, "revenue": 1.5}, format="json"
    )
    assert fraction.status_code == 400 and fraction.json()["revenue"][0]["code"] == "invalid"
    confirmed = api_as(w.adviser_user).post(f"{BASE}/statements/{pk}/confirm/")
    assert confirmed.status_code == 200 and confirmed.json()["confirmed"] is True
    run = api_as(w.owner).post(f"{BASE}/assessments/", {"enterprise": w.firm.pk}, format="json")
    assert run.status_code == 201
    facts = run.json()["facts"]
    assert facts["equity_ratio_pct"] == {
        "value": 30, "source": "confirmed_statement", "evidence": "1403", "confirmed": True,
    }  # fmt: skip
    markets = {m["market"]: m for m in run.json()["markets"]}
    assert set(markets) == {"sme_board", "novafarin", "first_market", "crowdfunding"}
    assert len(markets["first_market"]["criteria"]) == 16
    # Another firm sees none of it.
    other = api_as(w.other_owner)
    assert other.get(f"{BASE}/statements/").json()["count"] == 0
    assert other.get(f"{BASE}/assessments/").json()["count"] == 0
    assert other.get(f"{BASE}/statements/{pk}/").status_code == 404
    assert FinancialStatement.objects.count() == 1

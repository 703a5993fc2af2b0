"""The crowdfunding API: its contracts (karsaz.testing.api), the idempotency rules on every
money-moving call, bad input as 400s with codes, and what an investor may see."""

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from karsaz.capital import services
from karsaz.capital.choices import CampaignState
from karsaz.capital.models import Campaign, PeriodicReport, Pledge
from karsaz.finance.choices import EntryPhase
from karsaz.finance.models import JournalEntry
from karsaz.finance.verify import verify_ledger
from karsaz.testing.api import Contract, contract_tests
from karsaz.testing.factories import UserFactory
from karsaz.testing.factories_capital_campaigns import (
    CampaignFactory,
    campaign_world,
    uncapped_rules,
)
from karsaz.testing.queries import N

BASE = "/api/v1/capital"
pytestmark = pytest.mark.django_db


@pytest.fixture
def contract_world(db: Any) -> Any:
    w = campaign_world()
    w.outsider = UserFactory()
    w.submitted = CampaignFactory(
        enterprise=w.firm, platform=w.platform, created_by=w.owner, state=CampaignState.SUBMITTED
    )
    w.pledge = services.pledge_create(user=w.a, campaign=w.campaign, amount=10_000_000)
    done = CampaignFactory(
        enterprise=w.firm,
        platform=w.platform,
        created_by=w.owner,
        target=1_000_000,
        minimum_pledge=1,
        rule_set=uncapped_rules(),
    )
    services.pledge_create(user=w.b, campaign=done, amount=1_000_000)
    services.campaign_close(campaign=done, now=done.closes_at)
    w.report = PeriodicReport.objects.filter(campaign=done).order_by("due_on").first()
    return w


def draft_body(w: Any) -> dict[str, Any]:
    now = timezone.now()
    return {
        "enterprise": w.firm.pk,
        "platform": w.platform.pk,
        "title": "طرح",
        "instrument": "debt",
        "terms": "اوراق",
        "use_of_funds": "تجهیزات",
        "target": 500_000_000,
        "minimum_pledge": 1_000_000,
        "own_contribution": 50_000_000,
        "fee_bp": 200,
        "opens_at": (now + dt.timedelta(days=2)).isoformat(),
        "closes_at": (now + dt.timedelta(days=40)).isoformat(),
    }


def grow_campaigns(w: Any) -> None:
    for _ in range(N):
        c = CampaignFactory(platform=w.platform)
        services.pledge_create(user=UserFactory(), campaign=c, amount=5_000_000)


def grow_pledges(w: Any) -> None:
    for _ in range(N):
        services.pledge_create(user=w.c, campaign=CampaignFactory(), amount=2_000_000)


def grow_reports(w: Any) -> None:
    for _ in range(N):
        c = CampaignFactory(enterprise=w.firm, platform=w.platform, state=CampaignState.SUCCEEDED)
        PeriodicReport.objects.create(campaign=c, period="1", due_on=timezone.localdate())


CONTRACTS = [
    Contract(f"GET {BASE}/campaigns/", user="a", budget=2, grow=grow_campaigns),
    Contract(
        f"POST {BASE}/campaigns/",
        user="owner",
        body=draft_body,
        denied=("a",),
        bad=lambda w: {**draft_body(w), "target": "۱۲ab", "own_contribution": 1.5},
        errors={"target": ("invalid",), "own_contribution": ("invalid",)},
    ),
    Contract(
        f"GET {BASE}/campaigns/{{id}}/",
        record=lambda w: w.submitted,
        outsider="outsider",
        user="operator",
        budget=3,
        grow=grow_campaigns,
    ),
    Contract(
        f"PATCH {BASE}/campaigns/{{id}}/",
        record=lambda w: w.submitted,
        outsider="outsider",
        user="owner",
        bad=lambda w: {"target": 2_000_000_000},
        errors={"target": ("invalid_state",)},
        body=lambda w: {"title": "x"},
    ),
    Contract(
        f"POST {BASE}/campaigns/{{id}}/submit/", record=lambda w: w.submitted, outsider="outsider"
    ),
    Contract(
        f"POST {BASE}/campaigns/{{id}}/approve/",
        record=lambda w: w.submitted,
        outsider="outsider",
        denied=("owner",),
    ),
    Contract(
        f"POST {BASE}/campaigns/{{id}}/reject/",
        record=lambda w: w.submitted,
        outsider="outsider",
        denied=("owner",),
    ),
    Contract(
        f"POST {BASE}/campaigns/{{id}}/close/",
        record=lambda w: w.campaign,
        denied=("a", "owner"),
        user="operator",
        bad=lambda w: {},
        errors={"non_field_errors": ("invalid_state",)},
    ),
    Contract(f"GET {BASE}/pledges/", user="c", budget=2, grow=grow_pledges),
    Contract(
        f"POST {BASE}/pledges/",
        user="b",
        idempotent=True,
        writes=Pledge.objects.count,
        body=lambda w: {"campaign": w.campaign.pk, "amount": 3_000_000},
        bad=lambda w: {"campaign": w.campaign.pk, "amount": "12ab"},
        errors={"amount": ("invalid",)},
    ),
    Contract(
        f"GET {BASE}/pledges/{{id}}/",
        record=lambda w: w.pledge,
        outsider="b",
        user="a",
        budget=1,
        grow=grow_pledges,
    ),
    Contract(
        f"POST {BASE}/pledges/{{id}}/cancel/",
        record=lambda w: w.pledge,
        outsider="b",
        user="a",
        idempotent=True,
        writes=lambda: Pledge.objects.filter(state="cancelled").count(),
        body=lambda w: {},
    ),
    Contract(f"GET {BASE}/reports/", user="owner", budget=3, grow=grow_reports),
    Contract(f"GET {BASE}/reports/{{id}}/", record=lambda w: w.report, outsider="outsider"),
    Contract(
        f"POST {BASE}/reports/{{id}}/file/",
        record=lambda w: w.report,
        outsider="outsider",
        user="owner",
        bad=lambda w: {"body": ""},
        errors={"body": ("blank",)},
    ),
]

globals().update(contract_tests(CONTRACTS, world="contract_world"))


def post(client, url, data, key):
    return client.post(url, data, format="json", HTTP_IDEMPOTENCY_KEY=key)


def test_pledge_idempotency_rules(contract_world, api_as):
    w, client = contract_world, api_as(contract_world.b)
    url = f"{BASE}/pledges/"
    body = {"campaign": w.campaign.pk, "amount": 4_000_000}
    first = post(client, url, body, "k-1")
    assert first.status_code == 201 and first.json()["amount"] == 4_000_000
    entries = JournalEntry.objects.count()
    again = post(client, url, body, "k-1")
    assert (again.status_code, again.json()) == (201, first.json())
    other = post(client, url, {**body, "amount": 5_000_000}, "k-1")
    assert other.status_code == 409
    assert other.json()["idempotency_key"][0]["code"] == "key_reused"
    missing = client.post(url, body, format="json")
    assert missing.status_code == 400
    assert missing.json()["idempotency_key"][0]["code"] == "key_required"
    assert JournalEntry.objects.count() == entries
    w.campaign.refresh_from_db()
    assert w.campaign.pledged == 14_000_000
    assert verify_ledger() == []


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        ("12ab", "invalid"),
        (1.5, "invalid"),
        ("1000000", "invalid"),
        (0, "min_value"),
        (40_000_001, "cap_exceeded"),
        (999_999, "invalid"),
    ],
)
def test_pledge_bad_amounts_write_nothing(contract_world, api_as, amount, code):
    w = contract_world
    before = (Pledge.objects.count(), JournalEntry.objects.count())
    # `a` already holds 10,000,000: 40,000,001 more passes the 5% cap of 50,000,000.
    r = post(api_as(w.a), f"{BASE}/pledges/", {"campaign": w.campaign.pk, "amount": amount}, "x")
    assert r.status_code == 400
    assert [e["code"] for e in r.json()["amount"]] == [code]
    assert (Pledge.objects.count(), JournalEntry.objects.count()) == before


def test_pledge_to_a_closed_campaign(contract_world, api_as):
    w = contract_world
    Campaign.objects.filter(pk=w.campaign.pk).update(state=CampaignState.FAILED)
    r = post(api_as(w.b), f"{BASE}/pledges/", {"campaign": w.campaign.pk, "amount": 2_000_000}, "y")
    assert r.status_code == 400 and r.json()["amount"][0]["code"] == "campaign_closed"
    hidden = post(
        api_as(w.b), f"{BASE}/pledges/", {"campaign": w.submitted.pk, "amount": 2_000_000}, "z"
    )
    assert hidden.status_code == 404


def test_investors_see_public_data_only_and_never_others_pledges(contract_world, api_as):
    w = contract_world
    public = api_as(w.b).get(f"{BASE}/campaigns/{w.campaign.pk}/").json()
    assert public["pledged"] == 10_000_000 and public["firm_name"] == w.firm.name_fa
    assert not {"own_contribution", "fee_bp"} & set(public)
    inside = api_as(w.owner).get(f"{BASE}/campaigns/{w.campaign.pk}/").json()
    assert inside["own_contribution"] == 100_000_000 and inside["fee_bp"] == 300
    assert api_as(w.b).get(f"{BASE}/pledges/").json()["count"] == 1  # only b's own (closed one)
    assert api_as(w.b).get(f"{BASE}/pledges/{w.pledge.pk}/").status_code == 404
    ids = {c["id"] for c in api_as(w.b).get(f"{BASE}/campaigns/").json()["results"]}
    assert w.submitted.pk not in ids and w.campaign.pk in ids


def test_close_through_the_api_is_idempotent(contract_world, api_as):
    w = contract_world
    Campaign.objects.filter(pk=w.campaign.pk).update(
        closes_at=timezone.now() - dt.timedelta(1), opens_at=timezone.now() - dt.timedelta(9)
    )
    url = f"{BASE}/campaigns/{w.campaign.pk}/close/"
    first = post(api_as(w.operator), url, {}, "close-1")
    assert first.status_code == 200 and first.json()["state"] == "failed"
    again = post(api_as(w.operator), url, {}, "close-1")
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    # Every pledge's pending hold voided, once.
    holds = Pledge.objects.filter(campaign=w.campaign).values_list("hold_entry_id", flat=True)
    voids = JournalEntry.objects.filter(phase=EntryPhase.VOID_PENDING)
    assert sorted(voids.values_list("resolves_id", flat=True)) == sorted(holds)
    assert verify_ledger() == []


def test_cancel_through_the_api_is_idempotent_and_voids_the_hold(contract_world, api_as):
    w, client = contract_world, api_as(contract_world.b)
    pledge = services.pledge_create(user=w.b, campaign=w.campaign, amount=3_000_000)
    url = f"{BASE}/pledges/{pledge.pk}/cancel/"
    first = post(client, url, {}, "cancel-1")
    assert first.status_code == 200 and first.json()["state"] == "cancelled"
    entries = JournalEntry.objects.count()
    again = post(client, url, {}, "cancel-1")
    assert (again.json(), again["Idempotent-Replayed"]) == (first.json(), "true")
    late = post(client, url, {}, "cancel-2")  # a new key: the pledge is already cancelled
    assert late.status_code == 400 and late.json()["non_field_errors"][0]["code"] == "invalid_state"
    assert JournalEntry.objects.count() == entries
    void = JournalEntry.objects.get(resolves_id=pledge.hold_entry_id)
    assert (void.phase, void.idempotency_key) == (
        EntryPhase.VOID_PENDING,
        f"capital:cancel:{pledge.pk}",
    )
    assert verify_ledger() == []


def test_an_investor_may_not_edit_an_open_campaign(contract_world, api_as):
    w = contract_world
    r = api_as(w.a).patch(f"{BASE}/campaigns/{w.campaign.pk}/", {"target": 1}, format="json")
    assert r.status_code == 403
    w.campaign.refresh_from_db()
    assert w.campaign.target == 1_000_000_000

from typing import Any

import pytest

from karsaz.technology import services
from karsaz.technology.choices import ProposalState as S

pytestmark = pytest.mark.django_db
SECRET = "خودروساز محرمانه"


def test_matches_endpoint_ranks_and_explains(world: Any, api_as: Any) -> None:
    response = api_as(world.sme_user).get(f"/api/v1/needs/{world.need.pk}/matches/?limit=10")
    assert response.status_code == 200
    first = response.json()[0]
    assert first["id"] == world.capability.pk
    assert {"قالب", "تزریق"} <= set(first["explanation"]["terms"])
    assert "sector" in first["explanation"]["signals"]
    ids = [row["id"] for row in response.json()]
    assert world.lab_capability.pk not in ids[:1]
    limited = api_as(world.sme_user).get(f"/api/v1/needs/{world.need.pk}/matches/?limit=1")
    assert len(limited.json()) == 1


def test_capability_matches_endpoint(world: Any, api_as: Any) -> None:
    response = api_as(world.firm_user).get(f"/api/v1/capabilities/{world.capability.pk}/matches/")
    assert response.status_code == 200
    assert [row["id"] for row in response.json()][:1] == [world.need.pk]


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("sme_user", True),
        ("sme_employee", True),
        ("national", True),
        ("qazvin_officer", True),
        ("isfahan_officer", False),
        ("firm_user", False),
        ("outsider", False),
    ],
)
def test_confidential_details_in_the_api(world: Any, api_as: Any, who: str, sees: bool) -> None:
    client = api_as(getattr(world, who))
    detail = client.get(f"/api/v1/needs/{world.need.pk}/").json()
    assert ("confidential_details" in detail) is sees
    listing = client.get("/api/v1/needs/").content.decode()
    assert (SECRET in listing) is sees
    matches = client.get(f"/api/v1/capabilities/{world.capability.pk}/matches/").content.decode()
    assert SECRET not in matches  # never in a match or its explanation, whoever asks


def test_an_accepted_partner_sees_the_details(world: Any, api_as: Any) -> None:
    client = api_as(world.firm_user)
    proposal = client.post(
        "/api/v1/proposals/",
        {"need": world.need.pk, "capability": world.capability.pk, "pitch": "پیشنهاد ما"},
    )
    assert proposal.status_code == 201, proposal.content
    pid = proposal.json()["id"]
    assert "confidential_details" not in client.get(f"/api/v1/needs/{world.need.pk}/").json()
    # The partner cannot accept its own proposal.
    denied = client.post(f"/api/v1/proposals/{pid}/transition/", {"state": S.NEGOTIATION})
    assert denied.status_code == 403
    owner = api_as(world.sme_user)
    ok = owner.post(f"/api/v1/proposals/{pid}/transition/", {"state": S.NEGOTIATION})
    assert ok.status_code == 200 and ok.json()["state"] == S.NEGOTIATION
    assert client.get(f"/api/v1/needs/{world.need.pk}/").json()["confidential_details"]
    # Another provider still does not.
    assert (
        "confidential_details"
        not in api_as(world.lab_user).get(f"/api/v1/needs/{world.need.pk}/").json()
    )


def test_signing_through_the_api(world: Any, api_as: Any) -> None:
    proposal = services.proposal_create(
        user=world.firm_user, need=world.need, capability=world.capability, pitch="x"
    )
    owner = api_as(world.sme_user)
    owner.post(f"/api/v1/proposals/{proposal.pk}/transition/", {"state": S.NEGOTIATION})
    bad = owner.post(f"/api/v1/proposals/{proposal.pk}/transition/", {"state": S.SIGNED})
    assert bad.status_code == 400
    assert {"agreement_type", "agreement_value", "agreement_date"} <= set(bad.json())
    assert any(
        "\u0600" <= ch <= "\u06ff" for ch in bad.json()["agreement_type"][0]["message"]
    )  # Persian
    good = owner.post(
        f"/api/v1/proposals/{proposal.pk}/transition/",
        {
            "state": S.SIGNED,
            "agreement_type": "research",
            "agreement_value": 12_000_000_000,
            "agreement_date": "2026-10-01",
        },
    )
    assert good.status_code == 200
    assert good.json()["agreement_value"] == 12_000_000_000
    nonsense = owner.post(f"/api/v1/proposals/{proposal.pk}/transition/", {"state": "foo"})
    assert nonsense.status_code == 400


def test_messages_api(world: Any, api_as: Any) -> None:
    proposal = services.proposal_create(
        user=world.firm_user, need=world.need, capability=world.capability, pitch="x"
    )
    url = f"/api/v1/proposals/{proposal.pk}/messages/"
    assert api_as(world.sme_user).post(url, {"body": "سلام"}).status_code == 201
    assert api_as(world.outsider).post(url, {"body": "سلام"}).status_code == 404
    listed = api_as(world.firm_user).get(url).json()
    assert listed["count"] == 1 and listed["results"][0]["body"] == "سلام"


def test_create_need_errors_are_400_with_fields(world: Any, api_as: Any) -> None:
    client = api_as(world.sme_user)
    response = client.post(
        "/api/v1/needs/",
        {
            "enterprise": world.sme.pk,
            "title": "x",
            "summary": "y",
            "budget_min": 9,
            "budget_max": 1,
        },
    )
    assert response.status_code == 400 and "budget_max" in response.json()
    forbidden = api_as(world.firm_user).post(
        "/api/v1/needs/", {"enterprise": world.sme.pk, "title": "x", "summary": "y"}
    )
    assert forbidden.status_code == 403
    created = client.post(
        "/api/v1/needs/",
        {"enterprise": world.sme.pk, "title": "جوشکاری رباتیک", "summary": "جوش شاسی"},
    )
    assert created.status_code == 201
    assert api_as(None).get("/api/v1/needs/").status_code in (401, 403)


@pytest.mark.parametrize("budget", [2**63, 10**15 + 1, -1, 1000.0, "100"])
def test_need_budgets_are_rials_within_the_bound(world: Any, api_as: Any, budget: Any) -> None:
    """Issue 11: 2**63 was a 500 (bigint out of range / OverflowError); now a 400 with the field."""
    response = api_as(world.sme_user).post(
        "/api/v1/needs/",
        {"enterprise": world.sme.pk, "title": "x", "summary": "y", "budget_max": budget},
        format="json",
    )
    assert response.status_code == 400 and list(response.json()) == ["budget_max"]

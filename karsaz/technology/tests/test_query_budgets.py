"""Query budgets for the technology exchange's API and pages: the count does not grow with rows."""

from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from karsaz.registry.choices import EnterpriseKind
from karsaz.registry.models import Province
from karsaz.technology import services
from karsaz.technology.choices import ProposalState as S
from karsaz.testing.factories import EnterpriseFactory
from karsaz.testing.factories_technology import _member, make_capability, make_need, tech_world
from karsaz.testing.queries import N, assert_budgets, measure

pytestmark = pytest.mark.django_db

BUDGETS = {
    "api need list": 2,
    "api need detail": 1,
    "api capability list": 3,
    "api capability detail": 2,
    "api proposal list": 2,
    "api proposal detail": 1,
    "page need list": 11,
    "page need detail": 7,  # + the invitations to propose addressed to the user
    "page capability list": 12,
    "page capability detail": 5,  # + the invitations its owner received
    "page proposal list": 4,
    "page proposal detail": 6,
    "page pipeline": 12,
}


def _world() -> SimpleNamespace:
    w = tech_world()
    w.proposal = services.proposal_create(
        user=w.firm_user, need=w.need, capability=w.capability, pitch="راهکار ما"
    )
    w.proposal = services.proposal_transition(
        user=w.sme_user, proposal=w.proposal, to_state=S.NEGOTIATION
    )
    w.grown = 0
    return w


def _grow(w: SimpleNamespace, k: int) -> None:
    """k more needs and capabilities of new enterprises, each pair with a proposal; k more
    proposals and messages on the need and on the proposal whose details are measured."""
    tehran = Province.objects.get(code="23")
    for _ in range(k):
        w.grown += 1
        sme = EnterpriseFactory(kind=EnterpriseKind.SME)
        sme_user = _member(f"qb-sme{w.grown}", sme)
        firm = EnterpriseFactory(kind=EnterpriseKind.KNOWLEDGE_BASED, province=tehran)
        firm_user = _member(f"qb-firm{w.grown}", firm)
        need = make_need(user=sme_user, enterprise=sme, title=f"نیاز {w.grown}")
        cap = make_capability(user=firm_user, enterprise=firm, title=f"توان {w.grown}")
        services.proposal_create(user=firm_user, need=need, capability=cap, pitch="راهکار")
        services.proposal_create(user=firm_user, need=w.need, capability=cap, pitch="راهکار")
        services.proposal_message_add(user=w.sme_user, proposal=w.proposal, body=f"پیام {w.grown}")


def _targets(w: SimpleNamespace) -> dict[str, tuple[Any, str]]:
    api = APIClient()
    api.force_authenticate(w.national)
    staff = Client()
    staff.force_login(w.national)
    owner = Client()
    owner.force_login(w.sme_user)
    need, cap, proposal = w.need.pk, w.capability.pk, w.proposal.pk
    return {
        "api need list": (api, "/api/v1/needs/"),
        "api need detail": (api, f"/api/v1/needs/{need}/"),
        "api capability list": (api, "/api/v1/capabilities/"),
        "api capability detail": (api, f"/api/v1/capabilities/{cap}/"),
        "api proposal list": (api, "/api/v1/proposals/"),
        "api proposal detail": (api, f"/api/v1/proposals/{proposal}/"),
        "page need list": (staff, "/technology/"),
        "page need detail": (owner, f"/technology/needs/{need}/"),
        "page capability list": (staff, "/technology/capabilities/"),
        "page capability detail": (staff, f"/technology/capabilities/{cap}/"),
        "page proposal list": (staff, "/technology/proposals/"),
        "page proposal detail": (owner, f"/technology/proposals/{proposal}/"),
        "page pipeline": (staff, "/technology/pipeline/"),
    }


def test_technology_queries_do_not_grow_with_rows(match_index: None) -> None:
    w = _world()
    _grow(w, N)
    small = measure(_targets(w))
    _grow(w, 2 * N)
    large = measure(_targets(w))
    assert_budgets(small, large, BUDGETS)

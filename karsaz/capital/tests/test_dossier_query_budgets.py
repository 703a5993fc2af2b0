"""Query budgets for the dossier pages and API: the count does not grow with the rows."""

from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from karsaz.capital import services
from karsaz.capital.choices import Market
from karsaz.registry.choices import MembershipRole
from karsaz.testing.factories import EnterpriseFactory, MembershipFactory
from karsaz.testing.factories_capital_dossier import engaged_filing, pdf
from karsaz.testing.queries import N, assert_budgets, measure

pytestmark = pytest.mark.django_db

BUDGETS = {
    "page filing list": 7,
    "page filing detail": 10,
    "page engagements": 8,
    "page directory": 5,
    "page board": 5,
    "page reads": 7,
    "api filing list": 6,
    "api filing detail": 9,
    "api document list": 4,
    "api engagement list": 3,
    "api advisers": 2,
}


def _grow(w: Any, k: int) -> None:
    """k more firms of the owner, each with an engaged filing whose first document has a
    version; k more versions and reads on the measured filing."""
    for _ in range(k):
        firm = EnterpriseFactory(province=w.qazvin)
        MembershipFactory(user=w.owner, enterprise=firm, role=MembershipRole.OWNER)
        filing = services.filing_create(user=w.owner, enterprise=firm, market=Market.NOVAFARIN)
        services.engagement_create(
            user=w.owner, enterprise=firm, adviser=w.adviser_firm, market=Market.NOVAFARIN
        )
        services.document_upload(user=w.owner, document=filing.documents.first(), file=pdf())
        for document in w.filing.documents.all()[:3]:
            services.document_upload(user=w.owner, document=document, file=pdf())
        services.dossier_read_record(user=w.national, filing=w.filing)


def _targets(w: Any) -> dict[str, tuple[Any, str]]:
    owner, national, adviser = Client(), Client(), APIClient()
    owner.force_login(w.owner)
    national.force_login(w.national)
    adviser.force_authenticate(w.adviser)
    f = w.filing.pk
    return {
        "page filing list": (owner, "/capital/filings/"),
        "page filing detail": (owner, f"/capital/filings/{f}/"),
        "page engagements": (owner, "/capital/engagements/"),
        "page directory": (owner, "/capital/advisers/"),
        "page board": (national, "/capital/pipeline/"),
        "page reads": (owner, f"/capital/filings/{f}/reads/"),
        "api filing list": (adviser, "/api/v1/capital/filings/"),
        "api filing detail": (adviser, f"/api/v1/capital/filings/{f}/"),
        "api document list": (adviser, "/api/v1/capital/documents/"),
        "api engagement list": (adviser, "/api/v1/capital/engagements/"),
        "api advisers": (adviser, "/api/v1/capital/advisers/"),
    }


def test_dossier_budgets(dw):
    dw.filing = engaged_filing(dw)
    _grow(dw, N)
    small = measure(_targets(dw))
    _grow(dw, 2 * N)
    large = measure(_targets(dw))
    assert_budgets(small, large, BUDGETS)

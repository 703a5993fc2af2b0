"""Query budgets of the readiness pages: the firm's page and staff's board cost the same with N
and 3N rows (statements, assessments, firms)."""

import itertools

import pytest
from django.urls import reverse

from karsaz.capital import services
from karsaz.testing.factories import EnterpriseFactory
from karsaz.testing.factories_capital_readiness import (
    ProfileFactory,
    StatementFactory,
    readiness_world,
)
from karsaz.testing.queries import N, assert_budgets, measure

pytestmark = pytest.mark.django_db
BUDGETS = {"firm_page": 12, "board": 6}


def test_readiness_pages_keep_their_budget(client, users):
    w = readiness_world()
    ProfileFactory(enterprise=w.firm)
    years = itertools.count(1404, -1)
    client.force_login(w.owner)
    from django.test import Client

    staff = Client()
    staff.force_login(users.qazvin_officer)

    def grow() -> None:
        for _ in range(N):
            StatementFactory(enterprise=w.firm, fiscal_year=next(years))
            firm = EnterpriseFactory(province=w.qazvin)
            StatementFactory(enterprise=firm)
            services.assess_many([firm.pk])
        services.assess(user=w.owner, enterprise=w.firm)

    targets = {
        "firm_page": (client, reverse("capital:readiness_firm", args=[w.firm.pk])),
        "board": (staff, reverse("capital:readiness_board")),
    }
    grow()
    small = measure(targets)
    grow()
    grow()
    large = measure(targets)
    assert_budgets(small, large, BUDGETS)

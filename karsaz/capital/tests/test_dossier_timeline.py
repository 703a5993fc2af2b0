"""The firm's timeline page: every stage change of the filings the user sees, newest first,
linked from the readiness page and the filing page; a stranger gets a 404."""

import pytest
from django.test import Client
from django.urls import reverse

from karsaz.testing.factories_capital_dossier import engaged_filing

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_timeline_lists_the_firms_stage_changes(dw):
    filing = engaged_filing(dw)
    url = reverse("capital:firm_timeline", args=[dw.firm.pk])
    page = client_for(dw.owner).get(url)
    assert page.status_code == 200
    rows = list(page.context["changes"])
    assert [(c.from_stage, c.to_stage) for c in rows] == [
        ("preparation", "adviser_engaged"),
        ("", "preparation"),
    ]
    assert page.content.decode().count('data-testid="timeline-row"') == 2
    for link_page in (
        reverse("capital:readiness_firm", args=[dw.firm.pk]),
        reverse("capital:filing_detail", args=[filing.pk]),
    ):
        assert url in client_for(dw.owner).get(link_page).content.decode()
    assert client_for(dw.adviser).get(url).context["changes"].count() == 2
    assert client_for(dw.qazvin_officer).get(url).context["changes"].count() == 2
    # A plain member sees the firm's readiness but not its filings: an empty timeline.
    assert client_for(dw.employee).get(url).context["changes"].count() == 0
    assert client_for(dw.other_owner).get(url).status_code == 404
    assert client_for(dw.tehran_officer).get(url).status_code == 404

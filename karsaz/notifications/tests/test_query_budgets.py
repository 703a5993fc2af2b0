"""The list page and the API list cost the same at N and 3N notifications."""

import pytest
from django.test import Client

from karsaz.notifications import services
from karsaz.notifications.choices import Kind
from karsaz.testing.queries import count_queries

pytestmark = pytest.mark.django_db


def _grow(user, n: int) -> None:
    for i in range(n):
        services.notify(user, Kind.FINANCE_BID_TAKEN, title="Bid {n}", params={"n": i})


def test_list_page_and_api_do_not_grow_with_rows(users):
    client = Client()
    client.force_login(users.sme_owner)
    _grow(users.sme_owner, 5)
    few = count_queries(client, "/notifications/")
    _grow(users.sme_owner, 10)
    assert count_queries(client, "/notifications/") == few


def test_the_events_old_page_leads_to_the_list(users):
    client = Client()
    client.force_login(users.sme_owner)
    response = client.get("/events/notifications/")
    assert (response.status_code, response["Location"]) == (302, "/notifications/")

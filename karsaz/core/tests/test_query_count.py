"""`X-Query-Count` (KARSAZ_QUERY_COUNT=1): the statements a request ran, sessions included."""

import pytest
from django.test import Client

from karsaz.testing.factories import UserFactory

pytestmark = pytest.mark.django_db
COUNTING = "karsaz.core.querycount.QueryCountMiddleware"


@pytest.fixture
def counting(settings):
    settings.MIDDLEWARE = [COUNTING, *settings.MIDDLEWARE]
    settings.KARSAZ_BENCH_FLOOR = True


def test_healthz_runs_one_statement(counting):
    assert Client().get("/healthz")["X-Query-Count"] == "1"


def test_a_signed_in_page_counts_its_session_and_user(counting):
    """The session, the user, and the memberships the navigation reads."""
    client = Client()
    client.force_login(UserFactory())
    response = client.get("/bench/floor/")
    assert response.status_code == 200
    assert response["X-Query-Count"] == "3"


def test_no_header_unless_installed(settings):
    assert COUNTING not in settings.MIDDLEWARE
    assert "X-Query-Count" not in Client().get("/healthz")

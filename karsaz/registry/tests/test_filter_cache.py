"""The list pages' filter forms are rendered once per values, language and choices
(`core/fragments.py`), and dropped when a choice row changes."""

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from karsaz.registry.choices import ParkKind
from karsaz.registry.models import IndustrialPark, Province

pytestmark = pytest.mark.django_db


def _filters(client: Client, query: str = "") -> tuple[int, str]:
    """Queries of the registry list, and its filter form's HTML."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/registry/{query}")
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index('<form class="filters')
    return len(ctx.captured_queries), html[start : html.index("</form>", start)]


def test_the_filter_form_is_rendered_once(cached: Any, client: Client, users: Any) -> None:
    client.force_login(users.national)
    first, form = _filters(client)
    second, again = _filters(client)
    assert (first - second, again) == (2, form)  # the provinces' and the parks' choices


def test_a_new_park_is_offered_at_once(
    cached: Any, client: Client, users: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(users.national)
    assert "پارک آزمون تازه" not in _filters(client)[1]
    with django_capture_on_commit_callbacks(execute=True):
        IndustrialPark.objects.create(
            province=Province.objects.get(code="26"),
            name_fa="پارک آزمون تازه",
            name_en="Fresh test park",
            kind=ParkKind.choices[0][0],
        )
    assert "پارک آزمون تازه" in _filters(client)[1]


def test_the_chosen_value_and_the_language_have_their_own_copy(
    cached: Any, client: Client, users: Any
) -> None:
    client.force_login(users.national)
    plain = _filters(client)[1]
    chosen = _filters(client, "?province=26")[1]
    assert 'value="26" selected' not in plain
    assert 'value="26" selected' in chosen
    client.cookies["karsaz_language"] = "en"
    english = _filters(client)[1]
    assert ">All<" not in plain and ">All<" in english  # the choices' empty label

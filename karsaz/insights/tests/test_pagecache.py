"""The dashboards' rendered figures, cached per refresh generation (`pagecache.py`)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from karsaz.insights import pagecache
from karsaz.insights.models import Generation
from karsaz.insights.permissions import InsightsScope
from karsaz.insights.services import refresh, refresh_fact
from karsaz.insights.services.refresh import bump_generation
from karsaz.insights.tests.cube import ENTERPRISES, add_cell, cube_fixture, facts_fixture  # noqa: F401
from karsaz.insights.tests.test_views import HOME, client_for, figure

pytestmark = pytest.mark.django_db


def _figures(response) -> str:  # type: ignore[no-untyped-def]
    """The figures' section of a page (the page around it carries a per-request nonce)."""
    html = response.content.decode()
    return html[html.index('<section class="insights-main"') : html.index("</section>\n</div>")]


def _get(client, url: str = HOME, **query):  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, query)
    assert response.status_code == 200
    return response, len(queries)


def test_a_served_page_is_not_recomputed_until_the_next_refresh(users, cube):  # type: ignore[no-untyped-def]
    bump_generation()
    client = client_for(users.national)
    first, computed = _get(client)
    assert figure(first, "registry.enterprises") == "۳۳ عدد"
    # New cells written behind the refresh's back: the page of this generation stays as served.
    add_cell(ENTERPRISES, 140405, cube.tehran, firms=7)
    again, cached = _get(client)
    assert figure(again, "registry.enterprises") == "۳۳ عدد"
    assert _figures(again) == _figures(first)
    # Session and user, the filter form's provinces, parks and divisions, the generation:
    # none of the figures' reads, lookups or refresh dates.
    assert (computed, cached) == (12, 6)
    bump_generation()  # what every refresh does
    fresh, recomputed = _get(client)
    assert figure(fresh, "registry.enterprises") == "۴۰ عدد"
    assert recomputed == 12


def test_every_refresh_of_a_fact_bumps_the_generation(facts, cube):  # type: ignore[no-untyped-def]
    assert not Generation.objects.exists()
    refresh_fact(ENTERPRISES)
    first = Generation.objects.get()
    assert first.number == 1
    refresh()  # both facts of the catalog
    second = Generation.objects.get()
    assert second.number == 3
    assert second.token != first.token
    assert len(second.token) == 32


def test_a_refresh_serves_its_own_figures(users, cube):  # type: ignore[no-untyped-def]
    bump_generation()
    client = client_for(users.national)
    assert figure(_get(client)[0], "registry.enterprises") == "۳۳ عدد"
    # A real refresh recomputes the cells from the registry (one firm here: the cube's cells
    # were written by hand) and bumps the generation: the cached page is not served again.
    refresh_fact(ENTERPRISES, full=True)
    assert figure(_get(client)[0], "registry.enterprises") == "۲ عدد"


def test_nothing_is_cached_before_the_first_refresh(users, cube):  # type: ignore[no-untyped-def]
    client = client_for(users.national)
    assert figure(_get(client)[0], "registry.enterprises") == "۳۳ عدد"
    add_cell(ENTERPRISES, 140405, cube.tehran, firms=7)
    assert figure(_get(client)[0], "registry.enterprises") == "۴۰ عدد"


def test_a_zero_timeout_turns_the_cache_off(users, cube, settings):  # type: ignore[no-untyped-def]
    settings.INSIGHTS_PAGE_CACHE_SECONDS = 0
    bump_generation()
    client = client_for(users.national)
    _get(client)
    add_cell(ENTERPRISES, 140405, cube.tehran, firms=7)
    assert figure(_get(client)[0], "registry.enterprises") == "۴۰ عدد"


def test_each_scope_has_its_own_figures(users, cube):  # type: ignore[no-untyped-def]
    bump_generation()
    national = _get(client_for(users.national))[0].content.decode()
    assert 'data-testid="figure-finance.amounts"' in national
    # An SME user after the national officer: public figures, suppressed, never the cached
    # staff page.
    sme = _get(client_for(users.sme_owner))[0]
    html = sme.content.decode()
    assert 'data-testid="figure-finance.amounts"' not in html
    assert 'data-testid="suppressed-note"' in html
    # A provincial officer: the country as totals only, with a link to their own province.
    officer = _get(client_for(users.qazvin_officer))[0].content.decode()
    assert 'data-testid="totals-only"' in officer
    assert f'href="{reverse("insights:province", args=["26"])}"' in officer
    tehran = _get(client_for(users.tehran_officer))[0].content.decode()
    assert f'href="{reverse("insights:province", args=["23"])}"' in tehran
    assert f'href="{reverse("insights:province", args=["26"])}">' not in tehran


def test_the_scope_key_is_the_role_not_the_user(users):  # type: ignore[no-untyped-def]
    assert InsightsScope(users.national).cache_key == "national"
    assert InsightsScope(users.admin).cache_key == "national"
    qazvin = users.qazvin_officer.province_id
    assert InsightsScope(users.qazvin_officer).cache_key == f"province:{qazvin}"
    assert InsightsScope(users.sme_owner).cache_key == "public"
    assert InsightsScope(users.outsider).cache_key == "public"


def _key(scope, **changes):  # type: ignore[no-untyped-def]
    args = {
        "scope": scope, "place": {}, "filters": {"period": "1404", "size": ""}, "map_code": "",
        "lang": "fa", "currency": "rial",
    }  # fmt: skip
    return pagecache.key(**{**args, **changes})


def test_the_key_changes_with_every_part(users):  # type: ignore[no-untyped-def]
    assert _key(InsightsScope(users.national)) is None  # no refresh yet
    bump_generation()
    national = InsightsScope(users.national)
    base = _key(national)
    assert base is not None and base.startswith("insights:page:")
    assert _key(InsightsScope(users.admin)) == base
    others = [
        _key(InsightsScope(users.sme_owner)),
        _key(InsightsScope(users.qazvin_officer)),
        _key(InsightsScope(users.tehran_officer)),
        _key(national, place={"province": "26"}),
        _key(national, filters={"period": "1404", "size": "small"}),
        _key(national, map_code="finance.amounts"),
        _key(national, lang="en"),
        _key(national, currency="toman"),
    ]
    assert len({base, *others}) == len(others) + 1
    bump_generation()
    assert _key(national) != base


def test_language_currency_and_filters_are_cached_apart(users, cube):  # type: ignore[no-untyped-def]
    bump_generation()
    assert figure(_get(client_for(users.national))[0], "finance.amounts") == "۱۲٬۰۰۰٬۰۰۰ ریال"
    users.admin.currency_unit = "toman"
    users.admin.save()
    assert figure(_get(client_for(users.admin))[0], "finance.amounts") == "۱٬۲۰۰٬۰۰۰ تومان"
    english = _get(client_for(users.national, "en"))[0]
    assert figure(english, "finance.amounts") == "12,000,000 rials"
    quarter = _get(client_for(users.national), period="1404-Q1")[0]
    assert figure(quarter, "registry.enterprises") == "۳۰ عدد"
    # The period in Persian digits is the same filter, and the same entry.
    _get(client_for(users.national), period="1404")
    persian, cached = _get(client_for(users.national), period="۱۴۰۴")
    assert figure(persian, "registry.enterprises") == "۳۳ عدد"
    assert cached == 6

"""Cohorts: clinic clients against comparable firms without a case, from the firms' records."""

import datetime as dt
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from karsaz.accounts.choices import AgencyRole
from karsaz.clinics import services as clinics
from karsaz.insights.cohorts import cohorts
from karsaz.registry.models import Enterprise, IsicActivity, Province
from karsaz.testing.factories import EnterpriseFactory, MembershipFactory, UserFactory
from karsaz.testing.factories_capital_readiness import StatementFactory
from karsaz.testing.factories_clinics import answers

pytestmark = pytest.mark.django_db
M = 1_000_000


def _firm(province, isic, *, then, now, sales=None, client=False, adviser=None):  # type: ignore[no-untyped-def]
    """A firm with `then` employees two years ago and `now` today; `sales`: the change between
    two confirmed years (1402 → 1403); `client`: it asks for a clinic case."""
    firm = EnterpriseFactory(province=province, isic=isic, employees=then)
    Enterprise.history.filter(id=firm.pk).update(  # type: ignore[attr-defined]
        history_date=timezone.now() - dt.timedelta(days=730)
    )
    if now != then:
        firm.employees = now
        firm.save()
    if sales is not None:
        for year, revenue in ((1402, 1000 * M), (1403, 1000 * M + sales)):
            StatementFactory(
                enterprise=firm, fiscal_year=year, revenue=revenue,
                confirmed_by=adviser, confirmed_at=timezone.now(),
            )  # fmt: skip
    if client:
        owner = UserFactory()
        MembershipFactory(user=owner, enterprise=firm, role="owner")
        clinics.case_request(
            user=owner, enterprise=firm, problem="کمبود نقدینگی", answers=answers(("finance",))
        )
    return firm


@pytest.fixture
def world() -> SimpleNamespace:
    """Qazvin, micro firms in ISIC 25: six clients (jobs +1…+6, sales +100…+500 million for
    five of them) and five firms without a case (jobs 0, 0, +1, +1, −1; sales for two only).
    Small firms in ISIC 10: one client and six others (a withheld stratum). A medium firm in
    ISIC 25 without a case (not comparable) and a Tehran client (another province)."""
    qazvin, tehran = Province.objects.get(code="26"), Province.objects.get(code="23")
    d25 = IsicActivity.objects.filter(code__startswith="25", level="class").first()
    d10 = IsicActivity.objects.filter(code__startswith="10", level="class").first()
    assert d25 is not None and d10 is not None
    adviser = UserFactory()
    for i in range(6):
        _firm(qazvin, d25, then=2, now=3 + i, client=True, adviser=adviser,
              sales=(i + 1) * 100 * M if i < 5 else None)  # fmt: skip
    for change, sales in ((0, 40 * M), (0, None), (1, -20 * M), (1, None), (-1, None)):
        _firm(qazvin, d25, then=5, now=5 + change, sales=sales, adviser=adviser)
    _firm(qazvin, d10, then=20, now=30, client=True)
    for _ in range(6):
        _firm(qazvin, d10, then=20, now=20)
    _firm(qazvin, d25, then=70, now=70)  # medium: not comparable
    _firm(tehran, d25, then=2, now=9, client=True)
    return SimpleNamespace(qazvin=qazvin, tehran=tehran)


def test_clients_against_comparable_firms_by_size_and_division(world):  # type: ignore[no-untyped-def]
    found = cohorts(province_id=world.qazvin.pk)
    assert [(s.size_class, s.division, s.withheld) for s in found.strata] == [
        ("micro", "25", False),
        ("small", "10", True),
    ]
    micro = found.strata[0]
    assert (micro.clients.firms, micro.clients.jobs, micro.clients.sales) == (
        6, Decimal("3.5"), 300 * M,
    )  # fmt: skip
    # Five comparable firms: jobs (0 + 0 + 1 + 1 − 1) / 5; sales measured on two: withheld.
    assert (micro.others.firms, micro.others.jobs, micro.others.sales) == (5, Decimal("0.2"), None)
    small = found.strata[1]
    assert (small.clients.firms, small.others.firms) == (1, 6)
    # The total adds up the strata shown only.
    assert (found.total.clients.firms, found.total.others.firms, found.withheld) == (6, 5, 1)
    assert found.total.clients.jobs == Decimal("3.5")


def test_one_query_whatever_the_number_of_firms(world, django_assert_num_queries):  # type: ignore[no-untyped-def]
    # Grouped in the database: the clients and the sales change are subqueries of that query.
    with django_assert_num_queries(1):
        cohorts()


def test_a_stratum_shows_only_where_its_province_has_a_client(world):  # type: ignore[no-untyped-def]
    # Qazvin's small ISIC 10 stratum holds a client; in Tehran the same stratum has none.
    d10 = Enterprise.objects.get(province=world.qazvin, employees=30).isic
    _firm(world.tehran, d10, then=20, now=20)
    found = cohorts(province_id=world.tehran.pk)
    assert [(s.size_class, s.division, s.clients.firms, s.others.firms) for s in found.strata] == [
        ("micro", "25", 1, 0)
    ]


def test_sales_change_needs_the_year_before_the_latest_confirmed(world):  # type: ignore[no-untyped-def]
    # A micro ISIC 25 client with 1401 and 1403 confirmed (no 1402): not measured on sales.
    d25 = Enterprise.objects.get(province=world.qazvin, employees=3).isic  # the first client's
    firm = _firm(world.qazvin, d25, then=2, now=4, client=True)
    for year in (1401, 1403):
        StatementFactory(enterprise=firm, fiscal_year=year, revenue=9 * M,
                         confirmed_by=UserFactory(), confirmed_at=timezone.now())  # fmt: skip
    micro = cohorts(province_id=world.qazvin.pk).strata[0]
    assert (micro.clients.firms, micro.clients.sales_firms, micro.clients.sales) == (7, 5, 300 * M)


def test_the_country_adds_every_province(world):  # type: ignore[no-untyped-def]
    found = cohorts()
    micro = found.strata[0]
    # Tehran's client (+7 jobs, no sales) joins the micro ISIC 25 clients: (21 + 7) / 7 = 4.
    assert (micro.clients.firms, micro.clients.jobs, micro.clients.sales) == (
        7,
        Decimal("4.0"),
        300 * M,
    )


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_the_page_shows_both_groups_side_by_side(world):  # type: ignore[no-untyped-def]
    national = UserFactory(agency_role=AgencyRole.NATIONAL_STAFF)
    response = _client(national).get(reverse("insights:cohorts"), {"province": "26"})
    assert response.status_code == 200
    html = response.content.decode()
    row = re.search(r'<tr data-stratum="micro-25">(.*?)</tr>', html, re.S)
    assert row is not None
    cells = [
        " ".join(re.sub(r"<[^>]+>", " ", c).split())
        for c in re.findall(r"<td>(.*?)</td>", row[1], re.S)
    ]
    assert cells == ["خرد", "۲۵", "۶", "۳٫۵", "۳۰۰٬۰۰۰٬۰۰۰ ریال", "۵", "۰٫۲", "—"]
    assert 'data-stratum="small-10"' in html and 'data-testid="withheld"' in html


def test_who_sees_the_cohorts(world):  # type: ignore[no-untyped-def]
    url = reverse("insights:cohorts")
    officer = UserFactory(agency_role=AgencyRole.PROVINCIAL_STAFF, province=world.tehran)
    page = _client(officer).get(url, {"province": "26"})  # their own province, whatever asked
    assert page.status_code == 200
    assert "micro-25" in page.content.decode() and "small-10" not in page.content.decode()
    assert _client(UserFactory()).get(url).status_code == 403
    national = UserFactory(agency_role=AgencyRole.NATIONAL_STAFF)
    assert _client(national).get(url, {"province": "99"}).status_code == 404
    assert Client().get(url).status_code == 302

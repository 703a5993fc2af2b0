"""The home page: each role sees its own panels, drawn from every module's `home_panels` hook,
in Persian (digits, RTL) or English; no other firm's rows; a cost that does not grow."""

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from karsaz.core import modules, panels
from karsaz.core.charts import Point, bars, series
from karsaz.finance.models import Invoice
from karsaz.testing.factories_finance import finance_world, financed, in_auction, submit
from karsaz.testing.factories_technology import make_need
from karsaz.testing.queries import N, assert_budgets, measure

pytestmark = pytest.mark.django_db


def page(user: Any, lang: str = "fa") -> str:
    client = Client()
    client.force_login(user)
    # The request activates its language in this thread; put back the test's afterwards.
    with translation.override(translation.get_language()):
        response = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 200
    return response.content.decode()


def keys(user: Any) -> list[str]:
    return [p.key for p in panels.home(user=user)]


def test_every_programme_declares_the_hook():
    assert set(modules.hooks("home_panels")) == {
        "core", "registry", "technology", "events", "clinics", "finance",
    }  # fmt: skip


def test_each_role_gets_its_panels_in_order(users):
    assert keys(users.admin) == [
        "core-queues", "events-organizer", "clinics-staff", "finance-staff", "registry-national",
    ]  # fmt: skip
    assert keys(users.national) == [
        "events-organizer", "clinics-staff", "finance-staff", "registry-national",
    ]  # fmt: skip
    assert keys(users.qazvin_officer) == [
        "events-organizer", "clinics-staff", "finance-staff", "registry-province",
    ]  # fmt: skip
    assert keys(users.sme_owner) == [
        "registry-own", "finance-supplier", "technology-needs", "technology-proposals",
        "clinics-case", "events-meetings",
    ]  # fmt: skip
    assert keys(users.outsider) == []


def test_staff_keep_the_registry_counts(users):
    with translation.override("fa"):  # labels follow the active language
        national = {p.key: p for p in panels.home(user=users.national)}["registry-national"]
        # The two enterprises of `users`, the 31 provinces and 156 parks of the reference data.
        assert [f.value for f in national.figures] == [2, 31, 156]
        qazvin = {p.key: p for p in panels.home(user=users.qazvin_officer)}["registry-province"]
        assert [f.value for f in qazvin.figures] == [1]  # Qazvin's SME only
        assert [(p.label, p.value) for p in qazvin.chart.points] == [("بنگاه کوچک یا متوسط", 1)]


def test_the_persian_page_is_rtl_with_persian_digits(users):
    make_need(user=users.sme_owner, enterprise=users.qazvin_sme, title="نیاز ۱۲")
    html = page(users.sme_owner)
    assert 'dir="rtl"' in html
    assert 'data-panel="technology-needs"' in html
    assert 'data-testid="needs-open"' in html
    assert "نیازهای فناوری شما" in html
    figure = html.split('data-testid="needs-open"')[1].split("</a>")[0]
    assert '<span class="stat-value">۱</span>' in figure


def test_the_english_page(users):
    users.sme_owner.language = "en"
    users.sme_owner.save()
    html = page(users.sme_owner, "en")
    assert "Your technology needs" in html
    assert "You have not posted a technology need yet." in html


def test_the_admin_sees_the_task_queues_health(users):
    html = page(users.admin)
    assert 'data-panel="core-queues"' in html
    assert 'data-testid="queues-failed"' in html
    assert 'data-panel="core-queues"' not in page(users.national)


def test_no_other_firms_rows_on_the_page(users):
    make_need(user=users.sme_owner, enterprise=users.qazvin_sme, title="نیاز محرمانه قزوین")
    tehran_owner = users.tehran_member
    assert "نیاز محرمانه قزوین" in page(users.sme_owner)
    assert "نیاز محرمانه قزوین" not in page(tehran_owner)
    assert "نیاز محرمانه قزوین" not in page(users.outsider)


# -- the chart component


def test_bars_run_right_to_left_with_persian_digits_and_a_warning_colour():
    svg = str(
        bars([Point("الف", 1200), Point("ب", 300, warn=True)], title="مبلغ", lang="fa", uid="h1")
    )
    assert 'direction="rtl"' in svg and "۱٬۲۰۰" in svg and "۳۰۰" in svg
    assert '<title id="h1-t">مبلغ</title>' in svg
    assert 'fill="#b91c1c"' in svg  # the flagged bar
    assert "1200" not in svg and "1,200" not in svg


def test_series_puts_the_earliest_point_on_the_right_in_persian():
    rows = [Point("۱", 1), Point("۲", 2), Point("۳", 3)]
    fa = str(series(rows, title="t", lang="fa", uid="s"))
    en = str(series(rows, title="t", lang="en", uid="s"))
    first_fa = float(fa.split('<circle class="dot" cx="')[1].split('"')[0])
    first_en = float(en.split('<circle class="dot" cx="')[1].split('"')[0])
    assert first_fa > 300 > first_en


# -- the query budget


# Each role's page: the session and user, the navigation, then each module's panels (a few
# counts and one cut list per panel).
BUDGETS = {"supplier": 18, "buyer": 11, "financier": 10, "national": 17, "officer": 18}


def _grow(w: SimpleNamespace, n: int) -> None:
    end_of_today = timezone.localtime().replace(hour=23, minute=59, second=0, microsecond=0)
    for _ in range(n):
        submit(w)
        auction = in_auction(w)
        Invoice.objects.filter(pk=auction.pk).update(auction_closes_at=end_of_today)
        late = financed(w, days=20)
        Invoice.objects.filter(pk=late.pk).update(
            due_date=timezone.localdate() - dt.timedelta(days=1 + _)
        )
        make_need(user=w.supplier_user, enterprise=w.supplier)


def _targets(w: SimpleNamespace) -> dict[str, tuple[Client, str]]:
    out = {}
    for name, user in [
        ("supplier", w.supplier_user),
        ("buyer", w.maker),
        ("financier", w.financier_users[0]),
        ("national", w.national),
        ("officer", w.qazvin_officer),
    ]:
        client = Client()
        client.force_login(user)
        out[name] = (client, reverse("core:home"))
    return out


def test_the_home_page_costs_the_same_with_more_rows(provinces, match_index):
    w = finance_world()
    _grow(w, N)
    small = measure(_targets(w))
    _grow(w, 2 * N)
    large = measure(_targets(w))
    assert_budgets(small, large, BUDGETS)

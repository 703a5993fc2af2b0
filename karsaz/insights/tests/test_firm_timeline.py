"""A firm's own timeline across programmes (`firm_timeline` hook, `/insights/firm/<id>/`)."""

import datetime as dt
import re
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from karsaz.accounts.choices import AgencyRole
from karsaz.clinics import services as clinics
from karsaz.clinics.models import Case
from karsaz.finance import services as finance
from karsaz.finance.models import Invoice
from karsaz.insights import selectors
from karsaz.registry.models import Enterprise, Province
from karsaz.technology.models import TechnologyNeed
from karsaz.testing.factories import UserFactory
from karsaz.testing.factories_clinics import answers
from karsaz.testing.factories_finance import finance_world, financed
from karsaz.testing.factories_technology import make_need

pytestmark = pytest.mark.django_db


def _at(y: int, m: int, d: int, h: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime(y, m, d, h, 0))


@pytest.fixture
def firm(match_index: None) -> SimpleNamespace:  # type: ignore[no-untyped-def]
    """A Qazvin supplier: registered 1 Farvardin 1404, a technology need 1 Ordibehesht, a clinic
    case 1 Khordad, an invoice of 1,000,000,000 rials submitted 1 Tir, financed 10 Tir and
    repaid (today: the ledger's entries are not rewritten)."""
    w = finance_world()
    invoice = financed(w)
    repayment = finance.repayment_start(user=w.maker, invoice=invoice, amount=1_000_000_000)
    finance.settlement_confirm(user=w.financier_users[0], settlement=repayment)
    make_need(user=w.supplier_user, enterprise=w.supplier)
    clinics.case_request(
        user=w.supplier_user, enterprise=w.supplier, problem="کمبود نقدینگی",
        answers=answers(("finance",)),
    )  # fmt: skip
    Enterprise.objects.filter(pk=w.supplier.pk).update(created_at=_at(2025, 3, 21))
    TechnologyNeed.objects.filter(enterprise=w.supplier).update(created_at=_at(2025, 4, 21))
    Case.objects.filter(enterprise=w.supplier).update(created_at=_at(2025, 5, 22))
    Invoice.objects.filter(pk=invoice.pk).update(
        submitted_at=_at(2025, 6, 22), financed_on=dt.date(2025, 7, 1)
    )
    w.tehran_officer = UserFactory(
        username="tl-tehran", agency_role=AgencyRole.PROVINCIAL_STAFF,
        province=Province.objects.get(code="23"),
    )  # fmt: skip
    w.url = reverse("insights:firm", args=[w.supplier.pk])
    return w


def _client(user, lang: str = "fa") -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    if user is not None:
        client.force_login(user)
    return client


def _rows(response) -> list[tuple[str, ...]]:  # type: ignore[no-untyped-def]
    html = response.content.decode()
    out = []
    for kind, cells in re.findall(r'<tr data-kind="([\w.]+)">(.*?)</tr>', html, re.S):
        texts = [
            " ".join(re.sub(r"<[^>]+>", " ", c).split())
            for c in re.findall(r"<td>(.*?)</td>", cells, re.S)
        ]
        out.append((kind, *texts))
    return out


def test_the_timeline_merges_every_programme_by_date(firm):  # type: ignore[no-untyped-def]
    kinds = [(row.programme, row.event.kind) for row in selectors.firm_timeline(firm.supplier)]
    assert kinds == [
        ("registry", "registry.registered"),
        ("technology", "technology.need"),
        ("clinics", "clinics.case"),
        ("finance", "finance.invoice"),
        ("finance", "finance.financed"),
        ("finance", "finance.repaid"),
    ]


def test_the_page_shows_jalali_dates_programmes_and_amounts(firm):  # type: ignore[no-untyped-def]
    response = _client(firm.supplier_user).get(firm.url)
    assert response.status_code == 200
    *rows, repaid = _rows(response)
    assert (repaid[0], repaid[3], repaid[4]) == (
        "finance.repaid", "فاکتور تأمین‌شده بازپرداخت شد", "۱٬۰۰۰٬۰۰۰٬۰۰۰ ریال",
    )  # fmt: skip
    assert rows == [
        ("registry.registered", "۱۴۰۴/۰۱/۰۱", "ثبت بنگاه‌ها", "ثبت در کارساز", ""),
        ("technology.need", "۱۴۰۴/۰۲/۰۱", "بازار فناوری", "نیاز فناوری ثبت شد", ""),
        ("clinics.case", "۱۴۰۴/۰۳/۰۱", "کلینیک‌های کسب‌وکار", "پرونده کلینیک باز شد", ""),
        ("finance.invoice", "۱۴۰۴/۰۴/۰۱", "مالی", "ثبت فاکتور", "۱٬۰۰۰٬۰۰۰٬۰۰۰ ریال"),
        ("finance.financed", "۱۴۰۴/۰۴/۱۰", "مالی", "فاکتور تأمین مالی شد", "۱٬۰۰۰٬۰۰۰٬۰۰۰ ریال"),
    ]
    english = _rows(_client(firm.national, "en").get(firm.url))
    assert english[0] == (
        "registry.registered",
        "2025-03-21",
        "Registry",
        "Registered in Karsaz",
        "",
    )
    assert english[-1][-1] == "1,000,000,000 rials"


def test_one_programme_at_a_time(firm):  # type: ignore[no-untyped-def]
    response = _client(firm.national).get(firm.url, {"programme": "finance"})
    kinds = [r[0] for r in _rows(response)]
    assert kinds == ["finance.invoice", "finance.financed", "finance.repaid"]
    assert 'value="finance" selected' in response.content.decode()


def test_an_unknown_programme_is_a_400_in_the_users_language(firm):  # type: ignore[no-untyped-def]
    response = _client(firm.national).get(firm.url, {"programme": "lottery"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="programme-error"' in html
    assert "چنین برنامه‌ای وجود ندارد." in html
    assert 'data-testid="timeline"' not in html


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("supplier_user", 200),  # the firm's own member
        ("national", 200),
        ("qazvin_officer", 200),  # the firm's province
        ("tehran_officer", 404),  # another province
        ("other_supplier_user", 404),  # a member of another firm
        ("maker", 404),  # the buyer's user: a counterparty, not the firm
        ("outsider", 404),
    ],
)
def test_who_sees_a_firms_timeline(firm, who, status):  # type: ignore[no-untyped-def]
    assert _client(getattr(firm, who)).get(firm.url).status_code == status


def test_anonymous_visitors_sign_in_and_an_unknown_firm_is_404(firm):  # type: ignore[no-untyped-def]
    assert _client(None).get(firm.url).status_code == 302
    missing = reverse("insights:firm", args=[999999])
    assert _client(firm.national).get(missing).status_code == 404


def test_the_registry_page_links_to_the_timeline_for_those_who_see_it(firm):  # type: ignore[no-untyped-def]
    detail = reverse("registry:enterprise_detail", args=[firm.supplier.pk])
    link = f'href="{firm.url}" data-testid="enterprise-link"'
    assert link in _client(firm.supplier_user).get(detail).content.decode()
    assert link in _client(firm.qazvin_officer).get(detail).content.decode()
    other = _client(firm.tehran_officer).get(detail)
    assert link not in other.content.decode()

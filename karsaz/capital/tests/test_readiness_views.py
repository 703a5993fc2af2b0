"""Readiness pages: the firm's page for its members, adviser and staff of its province (others
404), the forms' bad input re-rendered with errors (400), and staff's board with CSV."""

import pytest
from django.urls import reverse

from karsaz.capital import services
from karsaz.capital.models import CapitalProfile, FinancialStatement, Gap
from karsaz.testing.factories_capital_readiness import (
    ProfileFactory,
    StatementFactory,
    readiness_world,
    three_years,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return readiness_world()


def page(client, user, firm):
    client.force_login(user)
    return client.get(reverse("capital:readiness_firm", args=[firm.pk]))


def test_the_firms_page_shows_scores_criteria_and_gaps_in_persian(client, w):
    three_years(w.firm)
    ProfileFactory(enterprise=w.firm, float_pct=None)
    services.assess(user=w.owner, enterprise=w.firm)
    response = page(client, w.owner, w.firm)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="score-sme_board"' in html
    # 22 weight, free float (1) unknown: 21 * 100 // 22 = 95
    assert "۹۵٪" in html
    assert "ناشناخته" in html or "Unknown" in html
    assert "۱۴۰۳" in html  # Jalali fiscal year in Persian digits
    assert 'data-testid="refer-gap"' in html
    assert 'data-testid="statement-form"' in html and 'data-testid="assess-now"' in html


@pytest.mark.parametrize("who", ["owner", "employee", "adviser_user"])
def test_who_may_open_the_page(client, w, who):
    assert page(client, getattr(w, who), w.firm).status_code == 200


@pytest.mark.parametrize("who", ["other_owner", "idle_adviser_user"])
def test_others_get_404(client, w, who):
    assert page(client, getattr(w, who), w.firm).status_code == 404


def test_staff_by_province(client, w, users):
    assert page(client, users.qazvin_officer, w.firm).status_code == 200
    assert page(client, users.tehran_officer, w.firm).status_code == 404
    assert page(client, users.national, w.firm).status_code == 200


def test_the_adviser_sees_confirm_not_the_forms(client, w):
    StatementFactory(enterprise=w.firm)
    html = page(client, w.adviser_user, w.firm).content.decode()
    assert 'data-testid="confirm-statement"' in html
    assert 'data-testid="statement-form"' not in html
    statement = FinancialStatement.objects.get()
    response = client.post(reverse("capital:readiness_statement_confirm", args=[statement.pk]))
    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.confirmed_by == w.adviser_user


def test_a_statement_with_letters_and_fractions_is_refused_with_the_form(client, w):
    client.force_login(w.owner)
    url = reverse("capital:readiness_statement_add", args=[w.firm.pk])
    data = {
        "fiscal_year": "۱۴۰۲", "revenue": "۱۲الف", "operating_profit": "1.5", "net_profit": "-10",
        "equity": "5", "total_assets": "-1", "audit_opinion": "unqualified",
    }  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    for field in ("revenue", "operating_profit", "total_assets"):
        assert f'data-field="{field}"' in html
    assert not FinancialStatement.objects.exists()
    data.update(revenue="۱٬۰۰۰", operating_profit="0", total_assets="2000")
    assert client.post(url, data).status_code == 302
    s = FinancialStatement.objects.get()
    assert (s.fiscal_year, s.revenue, s.net_profit, s.total_assets) == (1402, 1000, -10, 2000)
    again = client.post(url, data)
    assert again.status_code == 400 and 'data-field="fiscal_year"' in again.content.decode()


def test_the_declaration_form(client, w):
    client.force_login(w.owner)
    url = reverse("capital:readiness_profile", args=[w.firm.pk])
    bad = client.post(url, {"float_pct": "۱۲۰", "founded_on": "1390/13/01"})
    assert bad.status_code == 400 and not CapitalProfile.objects.exists()
    ok = client.post(
        url, {"float_pct": "۱۲", "founded_on": "1390/01/15", "audit_committee": "no",
              "registered_capital": "۳۰٬۰۰۰٬۰۰۰٬۰۰۰"},
    )  # fmt: skip
    assert ok.status_code == 302
    p = CapitalProfile.objects.get()
    assert (p.float_pct, p.audit_committee, p.ir_officer, p.registered_capital) == (
        12,
        False,
        None,
        30_000_000_000,
    )
    assert p.founded_on.isoformat() == "2011-04-04"


def test_an_employee_cannot_post_forms(client, w):
    client.force_login(w.employee)
    url = reverse("capital:readiness_profile", args=[w.firm.pk])
    assert client.post(url, {"float_pct": "12"}).status_code == 403


def test_assess_and_refer_from_the_page(client, w):
    client.force_login(w.owner)
    assert client.post(reverse("capital:readiness_assess", args=[w.firm.pk])).status_code == 302
    gap = Gap.objects.filter(enterprise=w.firm).first()
    response = client.post(reverse("capital:readiness_gap_refer", args=[gap.pk]))
    assert response.status_code == 302
    gap.refresh_from_db()
    assert gap.clinic_referral_id is not None


def test_the_board_for_staff_with_filter_and_csv(client, w, users):
    services.assess_many([w.firm.pk, w.other.pk])
    services.assess_many([w.firm.pk])
    client.force_login(users.qazvin_officer)
    response = client.get(reverse("capital:readiness_board"))
    assert response.status_code == 200
    assert response.context["total"] == 4  # the Qazvin firm's latest, four markets
    response = client.get(reverse("capital:readiness_board"), {"market": "crowdfunding"})
    assert response.context["total"] == 1
    client.force_login(users.national)
    csv = client.get(reverse("capital:readiness_board"), {"format": "csv"}).content.decode()
    assert len(csv.strip().splitlines()) == 1 + 8
    client.force_login(w.owner)
    assert client.get(reverse("capital:readiness_board")).status_code == 403


def test_changing_a_confirmed_statement_on_its_page_clears_the_confirmation(client, w):
    s = StatementFactory(enterprise=w.firm, fiscal_year=1402)
    services.statement_confirm(user=w.adviser_user, statement=s)
    url = reverse("capital:readiness_statement_edit", args=[s.pk])
    client.force_login(w.adviser_user)
    assert client.get(url).status_code == 403  # the adviser confirms, never edits
    client.force_login(w.owner)
    page = client.get(url).content.decode()
    assert "clears the confirmation" in page or "تأیید را از میان" in page
    data = {
        "fiscal_year": "1402", "revenue": "1000", "operating_profit": "5", "net_profit": "5",
        "equity": "10", "total_assets": "20", "audit_opinion": "qualified",
    }  # fmt: skip
    assert client.post(url, {**data, "revenue": "abc"}).status_code == 400
    assert client.post(url, data).status_code == 302
    s.refresh_from_db()
    assert (s.revenue, s.audit_opinion, s.confirmed_at) == (1000, "qualified", None)


def test_evidence_dates_read_in_the_page_calendar():
    from django.utils import translation

    from karsaz.capital.templatetags.capital import evidence_text

    with translation.override("fa"):
        assert evidence_text("2025-11-29") == "۱۴۰۴/۰۹/۰۸"
        assert evidence_text("1402, 1403") == "1402, 1403"
        assert evidence_text("2025-02-30") == "2025-02-30"
    with translation.override("en"):
        assert evidence_text("2025-11-29") == "2025-11-29"
    assert evidence_text(None) == ""

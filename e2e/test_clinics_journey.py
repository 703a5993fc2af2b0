"""Business clinic journey in Chromium: an SME asks for help, staff assign a consultant, the
consultant logs a session and closes the case, and the client records the 6-month impact."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from e2e.conftest import screenshot, sign_in
from karsaz.accounts.choices import AgencyRole
from karsaz.clinics import diagnostic
from karsaz.clinics.choices import CaseState, FollowUpStatus, ReadKind
from karsaz.clinics.models import Case, NoteRead
from karsaz.core import jalali
from karsaz.registry.choices import EnterpriseKind, MembershipRole
from karsaz.testing.factories import EnterpriseFactory, MembershipFactory, UserFactory
from karsaz.testing.factories_clinics import make_clinic, make_consultant

pytestmark = pytest.mark.e2e


def test_request_help_assign_session_close_and_record_impact(page, provinces_e2e):
    qazvin = provinces_e2e["26"]
    firm = EnterpriseFactory(
        kind=EnterpriseKind.SME, province=qazvin, name_fa="کارخانه قطعات خودرو البرز"
    )
    owner = UserFactory(username="sme-owner", first_name="رضا", last_name="نوری")
    MembershipFactory(user=owner, enterprise=firm, role=MembershipRole.OWNER)
    UserFactory(username="qz-officer", agency_role=AgencyRole.PROVINCIAL_STAFF, province=qazvin)
    clinic = make_clinic(province=qazvin)
    expert = make_consultant(
        clinic=clinic, username="advisor", specialties=("finance", "strategy"), provinces=[qazvin]
    )
    make_consultant(clinic=clinic, username="advisor2", specialties=("export",), provinces=[qazvin])

    # 1. The SME owner asks for help and fills the questionnaire.
    sign_in(page, "sme-owner")
    page.goto("/clinics/")
    page.get_by_test_id("request-help").click()
    page.fill("#id_problem", "نقدینگی برای خرید مواد اولیه نداریم و فروش کم شده است.")
    for q in diagnostic.QUESTIONS:
        weak = q.area in ("finance", "strategy")
        value = (5 if q.reverse else 1) if weak else (2 if q.reverse else 4)
        page.check(f"input[name=q_{q.code}][value='{value}']")
    screenshot(page, "clinics-intake")
    page.get_by_test_id("submit-request").click()
    page.wait_for_url(re.compile(r"/clinics/cases/\d+/$"))
    case = Case.objects.get()
    assert case.urgent_areas == ["strategy", "finance"]
    expect(page.get_by_test_id("radar-shape")).to_be_attached()
    assert page.get_by_test_id("urgent-area").count() == 2
    assert page.locator("html").get_attribute("dir") == "rtl"
    screenshot(page, "clinics-case-requested")

    # 2. The provincial officer assigns the suggested consultant.
    sign_in(page, "qz-officer")
    page.goto(f"/clinics/cases/{case.pk}/")
    suggestions = page.get_by_test_id("suggestion")
    expect(suggestions.first).to_contain_text(expert.user.display_name)
    suggestions.first.get_by_test_id("assign-suggested").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("case-consultant")).to_have_text(expert.user.display_name)
    case.refresh_from_db()
    assert case.state == CaseState.ASSIGNED and case.consultant == expert

    # 3. The consultant logs a session with notes and an attachment.
    sign_in(page, "advisor")
    page.goto(f"/clinics/cases/{case.pk}/")
    page.locator("[data-testid=session-form-box] summary").click()
    form = page.get_by_test_id("session-form")
    form.locator("#id_date").fill(jalali.format_date(timezone.localdate(), lang="en"))
    form.locator("#id_minutes").fill("90")
    form.locator("#id_mode").select_option("in_person")
    form.locator("#id_notes").fill("بدهی معوق به بانک: محرمانه")
    form.locator("#id_attachment").set_input_files(
        files=[{"name": "cashflow.csv", "mimeType": "text/csv", "buffer": b"month,cash\n1,10\n"}]
    )
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("session-notes")).to_contain_text("بدهی معوق")
    case.refresh_from_db()
    assert case.state == CaseState.IN_PROGRESS and case.first_session_on == timezone.localdate()
    screenshot(page, "clinics-case-in-progress")

    # 4. The consultant closes the case: follow-ups at 6 and 12 months appear.
    page.fill("#id_outcome", "برنامهٔ نقدینگی و بازنگری قیمت‌ها تحویل شد.")
    page.get_by_test_id("close-case").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("followup-6")).to_be_visible()
    expect(page.get_by_test_id("followup-12")).to_be_visible()
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED

    # 5. Before the due date the figures cannot be recorded; six months later (the due date
    # moved to today) the client records the impact, which confirms it.
    sign_in(page, "sme-owner")
    page.goto(f"/clinics/cases/{case.pk}/")
    expect(page.get_by_test_id("followup-6").get_by_test_id("followup-not-due")).to_be_visible()
    case.followups.filter(months=6).update(due_on=timezone.localdate())
    page.goto(f"/clinics/cases/{case.pk}/")
    box = page.get_by_test_id("followup-6")
    box.locator("summary").click()
    impact = page.get_by_test_id("impact-form-6")
    for name, value in (
        ("jobs_created", "4"), ("jobs_retained", "35"), ("sales_change", "1500000000"),
        ("financing_obtained", "0"), ("new_products", "1"), ("exports", "0"),
    ):  # fmt: skip
        impact.locator(f"[name={name}]").fill(value)
    impact.locator("button[type=submit]").click()
    page.wait_for_load_state()
    followup = case.followups.get(months=6)
    assert followup.status == FollowUpStatus.CONFIRMED and followup.jobs_created == 4
    expect(page.get_by_test_id("followup-6").get_by_test_id("followup-status")).to_be_visible()
    expect(page.get_by_test_id("session-notes")).to_contain_text("بدهی معوق")  # the client sees
    screenshot(page, "clinics-case-closed")

    # The colleague at the same clinic sees the case but never the notes.
    sign_in(page, "advisor2")
    page.goto(f"/clinics/cases/{case.pk}/")
    expect(page.get_by_test_id("notes-private")).to_be_visible()
    assert "بدهی معوق" not in page.content()
    assert NoteRead.objects.filter(case=case, user=owner, kind=ReadKind.NOTES).exists()
    assert not NoteRead.objects.filter(case=case, user__username="advisor2").exists()

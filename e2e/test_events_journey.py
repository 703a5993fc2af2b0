"""Register, request a meeting, accept it, run the scheduler, see both agendas."""

import re

import pytest
from playwright.sync_api import expect

from e2e.conftest import screenshot, sign_in
from karsaz.accounts.choices import AgencyRole
from karsaz.events.models import Meeting
from karsaz.registry.choices import EnterpriseKind, MembershipRole
from karsaz.testing.factories import EnterpriseFactory, MembershipFactory, UserFactory
from karsaz.testing.factories_events import make_delegate, make_event

pytestmark = pytest.mark.e2e


def test_register_request_accept_schedule_and_agendas(page, provinces_e2e):
    organizer = UserFactory(
        username="organizer", agency_role=AgencyRole.PROVINCIAL_STAFF, province=provinces_e2e["26"]
    )
    event = make_event(organizer=organizer, tables=2)
    partner = make_delegate(
        event,
        username="techfirm",
        kind=EnterpriseKind.KNOWLEDGE_BASED,
        name_fa="فناوران پایش انرژی البرز",
        province=provinces_e2e["26"],
    )
    owner = UserFactory(username="smeowner", first_name="رضا", last_name="نوری")
    sme = EnterpriseFactory(name_fa="صنایع ریخته‌گری قزوین", province=provinces_e2e["26"])
    MembershipFactory(user=owner, enterprise=sme, role=MembershipRole.OWNER)
    base = f"/events/{event.pk}/"

    # 1. The SME owner registers the enterprise; the organizer approves it.
    sign_in(page, "smeowner", next=base)
    page.get_by_test_id("register").click()
    page.get_by_test_id("register-form").locator("textarea").first.fill("پایش مصرف انرژی کوره")
    page.get_by_test_id("register-form").locator("button[type=submit]").click()
    page.wait_for_url(re.compile(re.escape(base) + "$"))
    sign_in(page, "organizer", next=base + "participants/")
    participant = sme.event_participations.get()
    page.get_by_test_id(f"approve-{participant.pk}").click()
    expect(page.locator(f"#participant-{participant.pk}")).to_contain_text("تأییدشده")

    # 2. The SME asks the technology firm for a must-meet meeting.
    sign_in(page, "smeowner", next=base + f"catalogue/{partner.participant.pk}/")
    form = page.get_by_test_id("request-form")
    form.locator("select[name=priority]").select_option("must")
    form.locator("textarea[name=message]").fill("درباره پایش انرژی کوره‌ها گفتگو کنیم.")
    form.locator("button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("درخواست شما فرستاده شد")

    # 3. The technology firm accepts it.
    sign_in(page, "techfirm", next=base + "requests/")
    incoming = page.get_by_test_id("incoming-request")
    expect(incoming).to_contain_text("درباره پایش انرژی")
    incoming.get_by_test_id("accept").click()
    expect(page.get_by_test_id("incoming-request")).to_contain_text("پذیرفته‌شده")

    # 4. The organizer runs the scheduler and publishes.
    sign_in(page, "organizer", next=base + "schedule/")
    page.fill("#id_time_limit_s", "2")
    page.get_by_test_id("run-scheduler").click()
    progress = page.get_by_test_id("run-progress")
    expect(progress).to_have_attribute("data-status", "done")
    expect(progress).to_contain_text("بهینگی اثبات شد")
    screenshot(page, "events-scheduler")
    page.get_by_test_id("publish").click()
    meeting = Meeting.objects.get()
    assert meeting.published and meeting.slot is not None

    # 5. Both delegates see the meeting on their agendas.
    for username, other in (
        ("smeowner", "فناوران پایش انرژی البرز"),
        ("techfirm", "صنایع ریخته‌گری قزوین"),
    ):
        sign_in(page, username, next=base + "agenda/")
        rows = page.get_by_test_id("agenda-row")
        expect(rows).to_have_count(1)
        expect(rows.first).to_contain_text(other)
        expect(rows.first).to_contain_text(re.compile("[۰-۹]{2}:[۰-۹]{2}"))
    screenshot(page, "events-agenda")

"""The event day: the organizer scans a delegate's badge at the desk and the counter goes up;
a delegate withdraws a meeting request."""

import re

import pytest
from playwright.sync_api import expect

from e2e.conftest import sign_in
from karsaz.accounts.choices import AgencyRole
from karsaz.events import services
from karsaz.events.badges import badge_token
from karsaz.events.choices import RequestStatus
from karsaz.events.models import Delegate, MeetingRequest
from karsaz.testing.factories import UserFactory
from karsaz.testing.factories_events import make_delegate, make_event

pytestmark = pytest.mark.e2e


def test_scan_a_badge_then_withdraw_a_request(page, provinces_e2e):
    organizer = UserFactory(
        username="organizer", agency_role=AgencyRole.PROVINCIAL_STAFF, province=provinces_e2e["26"]
    )
    event = make_event(organizer=organizer, tables=2)
    a = make_delegate(event, username="sme", name_fa="صنایع ریخته‌گری قزوین")
    b = make_delegate(event, username="techfirm", name_fa="فناوران پایش انرژی البرز")
    req = services.request_create(user=a.user, event=event, recipient=b, message="گفتگو کنیم")
    base = f"/events/{event.pk}/"

    # 1. The organizer opens the desk: nobody is in yet; the badge's token is "scanned".
    sign_in(page, "organizer", next=base + "day/")
    counter = page.get_by_test_id("checked-in-count")
    expect(counter).to_have_text("۰")
    page.get_by_test_id("scan-box").fill(badge_token(event_id=event.pk, delegate_id=a.pk))
    page.get_by_test_id("scan-box").press("Enter")
    page.wait_for_url(re.compile(re.escape(base + "day/") + "$"))
    expect(page.get_by_test_id("checked-in-count")).to_have_text("۱")
    expect(page.locator(".messages")).to_contain_text("پذیرش شد")
    assert Delegate.objects.get(pk=a.pk).checked_in_at is not None
    # The same badge again changes nothing; a made-up code is refused in Persian.
    page.get_by_test_id("scan-box").fill(badge_token(event_id=event.pk, delegate_id=a.pk))
    page.get_by_test_id("scan-box").press("Enter")
    expect(page.get_by_test_id("checked-in-count")).to_have_text("۱")
    page.get_by_test_id("scan-box").fill("not-a-badge")
    page.get_by_test_id("scan-box").press("Enter")
    expect(page.locator(".messages")).to_contain_text("کد کارت ورود نیست")
    # Someone else checks b in elsewhere: the polled counter catches up without a reload.
    services.delegate_check_in(user=organizer, delegate=b)
    expect(page.get_by_test_id("checked-in-count")).to_have_text("۲", timeout=12_000)

    # 2. The delegate withdraws the pending request.
    sign_in(page, "sme", next=base + "requests/")
    page.get_by_test_id("withdraw").click()
    page.wait_for_url(re.compile(re.escape(base + "requests/") + "$"))
    expect(page.get_by_test_id("outgoing-request")).to_contain_text("پس‌گرفته")
    assert MeetingRequest.objects.get(pk=req.pk).status == RequestStatus.WITHDRAWN

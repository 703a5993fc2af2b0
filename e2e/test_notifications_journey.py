"""Notifications raised and read: a firm proposes for an SME's need; the SME owner sees the bell's
count, opens the notification (which marks it read and leads to the proposal), and turns the
kind's e-mail off in the settings."""

import re

import pytest
from playwright.sync_api import expect

from e2e.conftest import screenshot, sign_in
from karsaz.technology import indexing

pytestmark = pytest.mark.e2e


@pytest.fixture
def tech(page, settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.TECHNOLOGY_INDEX_DIR = str(tmp_path / "index")
    settings.TECHNOLOGY_FRESH_SECONDS = 0
    settings.TECHNOLOGY_DENSE = False
    indexing.reset()
    from karsaz.testing.factories_technology import tech_world

    yield tech_world()
    indexing.reset()


def test_a_proposal_raises_a_notification_that_the_owner_reads(page, tech):  # type: ignore[no-untyped-def]
    from karsaz.notifications.models import Notification, NotificationSetting

    # 1. Nothing waits for the SME owner: the bell shows no count.
    sign_in(page, tech.sme_user.username)
    expect(page.get_by_test_id("bell")).to_be_visible()
    assert page.get_by_test_id("bell-count").count() == 0

    # 2. The firm proposes its capability for the SME's need, through the need's page.
    sign_in(page, tech.firm_user.username)
    page.goto(f"/technology/needs/{tech.need.pk}/")
    form = page.get_by_test_id("proposal-form")
    form.locator("select").select_option(str(tech.capability.pk))
    form.locator("textarea").fill("قالب چهارحفره با راهگاه گرم می‌سازیم.")
    form.locator("button").click()
    page.wait_for_url(re.compile(r"/technology/proposals/\d+/$"))
    proposal_path = re.sub(r"^https?://[^/]+", "", page.url)
    assert page.get_by_test_id("bell-count").count() == 0  # the firm is not told of its own act

    # 3. The owner sees «۱» on the bell (Persian digits), opens the list, reads the text.
    sign_in(page, tech.sme_user.username)
    expect(page.get_by_test_id("bell-count")).to_have_text("۱")
    page.get_by_test_id("bell").click()
    page.wait_for_url(re.compile(r"/notifications/$"))
    item = page.get_by_test_id("notification")
    expect(item).to_have_count(1)
    expect(item).to_contain_text(f"برای نیاز «{tech.need.title}» شما پیشنهاد می‌دهد")
    screenshot(page, "notifications-list")

    # 4. "Open" marks it read and leads to the proposal; the bell's count is gone.
    item.get_by_test_id("notification-open").click()
    page.wait_for_url(re.compile(re.escape(proposal_path) + "$"))
    expect(page.get_by_test_id("bell")).to_be_visible()
    expect(page.get_by_test_id("bell-count")).to_have_count(0)
    row = Notification.objects.get(recipient=tech.sme_user)
    assert row.read_at is not None

    # 5. The owner turns the proposals' e-mail off; the setting is kept.
    page.goto("/notifications/settings/")
    page.get_by_label("پیشنهادهای فناوری: با رایانامه").uncheck()
    page.get_by_test_id("notification-settings").locator("button").click()
    page.wait_for_url(re.compile(r"/notifications/settings/$"))
    expect(page.get_by_label("پیشنهادهای فناوری: با رایانامه")).not_to_be_checked()
    setting = NotificationSetting.objects.get(user=tech.sme_user, kind="technology_proposal")
    assert (setting.in_app, setting.email) == (True, False)

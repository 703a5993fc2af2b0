"""Each role's home page in a browser: the panels its role should see first, with Persian
digits on right-to-left pages, and one role in English."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from e2e.conftest import screenshot, sign_in
from karsaz.accounts.choices import AgencyRole
from karsaz.clinics import services as clinic_services
from karsaz.clinics.models import FollowUp
from karsaz.finance.models import Invoice
from karsaz.testing.factories import UserFactory
from karsaz.testing.factories_clinics import clinic_world, working_case
from karsaz.testing.factories_finance import finance_world, financed, in_auction, submit
from karsaz.testing.factories_technology import make_need

pytestmark = pytest.mark.e2e


def panel(page, key: str):  # type: ignore[no-untyped-def]
    return page.locator(f'[data-panel="{key}"]')


def test_each_role_sees_its_own_home(page, provinces_e2e, match_index):
    # A programme with every party: an invoice awaiting the buyer, an auction closing today,
    # a payable three days overdue; the supplier's technology need; a consultant's late
    # follow-up; an administrator.
    w = finance_world(suffix="home", financier_limit=4_000_000_000)
    submit(w, number="INV-HOME-1")
    closing = in_auction(w, number="INV-HOME-2")
    end_of_today = timezone.localtime().replace(hour=23, minute=59, second=0, microsecond=0)
    Invoice.objects.filter(pk=closing.pk).update(auction_closes_at=end_of_today)
    late = financed(w, number="INV-HOME-3")
    Invoice.objects.filter(pk=late.pk).update(due_date=timezone.localdate() - dt.timedelta(days=3))
    make_need(user=w.supplier_user, enterprise=w.supplier, title="قالب تزریق برای قطعه ۱۲")
    c = clinic_world()
    case = working_case(c)
    clinic_services.case_close(user=c.finance_expert.user, case=case, outcome="نقدینگی بهتر شد")
    FollowUp.objects.filter(case=case, months=6).update(
        due_on=timezone.localdate() - dt.timedelta(days=1)
    )
    UserFactory(
        username="home-admin",
        agency_role=AgencyRole.NATIONAL_ADMIN,
        is_staff=True,
        is_superuser=True,
        language="en",
    )

    # The SME (supplier): its invoices and its technology need, in Persian digits.
    sign_in(page, w.supplier_user.username)
    assert page.locator("html").get_attribute("dir") == "rtl"
    expect(panel(page, "finance-supplier").get_by_test_id("supplier-awaiting")).to_contain_text("۱")
    expect(panel(page, "finance-supplier")).to_contain_text("INV-HOME-1")
    expect(panel(page, "technology-needs")).to_contain_text("قالب تزریق برای قطعه ۱۲")
    expect(panel(page, "finance-buyer-approvals")).to_have_count(0)
    screenshot(page, "home-sme")

    # The buyer: the invoice awaiting its approval, the overdue payable flagged.
    sign_in(page, w.maker.username)
    expect(panel(page, "finance-buyer-approvals").get_by_test_id("buyer-awaiting")).to_have_text(
        re.compile("۱")
    )
    overdue = panel(page, "finance-buyer-payables").locator("tr[data-warn]")
    expect(overdue).to_have_count(1)
    expect(overdue.locator(".badge-warn")).to_be_visible()  # the flag, in words
    expect(panel(page, "finance-supplier")).to_have_count(0)
    screenshot(page, "home-buyer")

    # The financier: the auction closing today, its limit a quarter used.
    sign_in(page, w.financier_users[0].username)
    expect(panel(page, "finance-auctions-today")).to_contain_text("INV-HOME-2")
    expect(panel(page, "finance-limits").get_by_test_id("limits-pct")).to_contain_text("۲۵٪")
    expect(panel(page, "finance-limits").locator("svg.chart")).to_be_visible()
    screenshot(page, "home-financier")

    # The consultant: the late follow-up.
    sign_in(page, c.finance_expert.user.username)
    late_row = panel(page, "clinics-followups").locator("tr[data-warn]")
    expect(late_row).to_have_count(1)
    expect(panel(page, "clinics-followups").get_by_test_id("followups-late")).to_contain_text("۱")
    screenshot(page, "home-consultant")

    # The provincial officer: the province's registry and finance figures, clinic requests.
    sign_in(page, w.qazvin_officer.username)
    for key in ("registry-province", "finance-staff", "clinics-staff", "events-organizer"):
        expect(panel(page, key)).to_be_visible()
    expect(panel(page, "registry-national")).to_have_count(0)
    expect(panel(page, "core-queues")).to_have_count(0)

    # The administrator, in English: national figures and the task queues' health.
    sign_in(page, "home-admin")
    assert page.locator("html").get_attribute("dir") == "ltr"
    expect(panel(page, "core-queues")).to_contain_text("Task queues")
    expect(panel(page, "registry-national")).to_contain_text("The national registry")
    expect(panel(page, "finance-staff").get_by_test_id("finance-awaiting")).to_contain_text("1")
    screenshot(page, "home-admin-en")

    # Someone with no role anywhere: the empty state, no panel.
    sign_in(page, w.outsider.username)
    expect(page.get_by_test_id("no-panels")).to_be_visible()

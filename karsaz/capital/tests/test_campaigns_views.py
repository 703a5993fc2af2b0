"""The crowdfunding pages: an investor pledges and cancels, bad amounts re-render the form with
400, the firm drafts, the platform approves, who sees what, and the pages' query budgets."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from karsaz.capital import services
from karsaz.capital.choices import CampaignState, PledgeState
from karsaz.capital.models import Campaign, Pledge
from karsaz.core import jalali
from karsaz.finance.verify import verify_ledger
from karsaz.testing.factories import UserFactory
from karsaz.testing.factories_capital_campaigns import CampaignFactory
from karsaz.testing.queries import N, assert_budgets, measure

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_investor_pledges_with_persian_digits_and_cancels(cw):
    web = client_for(cw.a)
    url = reverse("capital:pledge_create", args=[cw.campaign.pk])
    assert web.get(url).status_code == 200
    r = web.post(url, {"amount": "۱۲٬۰۰۰٬۰۰۰"})
    assert r.status_code == 302 and r["Location"] == reverse("capital:my_pledges")
    pledge = Pledge.objects.get(investor=cw.a)
    assert pledge.amount == 12_000_000
    page = web.get(reverse("capital:my_pledges")).content.decode()
    assert 'data-testid="cancel-pledge"' in page
    r = web.post(reverse("capital:pledge_cancel", args=[pledge.pk]))
    assert r.status_code == 302
    pledge.refresh_from_db()
    assert pledge.state == PledgeState.CANCELLED
    assert verify_ledger() == []


@pytest.mark.parametrize(
    ("amount", "message"),
    [("12abc", "whole"), ("1.5", "whole"), ("60000000", "5%"), ("", "required")],
)
def test_bad_pledges_rerender_with_400_and_write_nothing(cw, amount, message):
    web = client_for(cw.a)
    web.cookies["django_language"] = "en"
    r = web.post(
        reverse("capital:pledge_create", args=[cw.campaign.pk]),
        {"amount": amount},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert r.status_code == 400
    assert 'class="field-error" data-field="amount"' in r.content.decode()
    assert not Pledge.objects.exists()


def test_firm_drafts_with_jalali_dates_and_platform_approves(cw):
    web = client_for(cw.owner)
    today = timezone.localdate()
    opens = jalali.to_jalali(today + dt.timedelta(days=3))
    closes = jalali.to_jalali(today + dt.timedelta(days=40))
    data = {
        "enterprise": cw.firm.pk,
        "platform": cw.platform.pk,
        "title": "طرح تازه",
        "instrument": "equity",
        "terms": "سهام",
        "use_of_funds": "تجهیزات",
        "target": "۵۰۰٬۰۰۰٬۰۰۰",
        "minimum_pledge": "1000000",
        "own_contribution": "49,999,999",
        "fee_bp": "200",
        "opens_on": opens.strftime("%Y/%m/%d"),
        "closes_on": closes.strftime("%Y/%m/%d"),
    }
    r = web.post(reverse("capital:campaign_new"), data)
    assert r.status_code == 400 and 'data-field="own_contribution"' in r.content.decode()
    r = web.post(reverse("capital:campaign_new"), {**data, "own_contribution": "50,000,000"})
    assert r.status_code == 302
    c = Campaign.objects.get(title="طرح تازه")
    assert (c.target, c.state) == (500_000_000, CampaignState.DRAFT)
    web.post(reverse("capital:campaign_submit", args=[c.pk]))
    # An investor cannot see a campaign before it opens; the platform approves it.
    assert client_for(cw.a).get(reverse("capital:campaign_detail", args=[c.pk])).status_code == 404
    r = client_for(cw.operator).get(reverse("capital:campaign_detail", args=[c.pk]))
    assert 'data-testid="approve-campaign"' in r.content.decode()
    client_for(cw.operator).post(reverse("capital:campaign_approve", args=[c.pk]))
    c.refresh_from_db()
    assert c.state == CampaignState.APPROVED
    # The firm cannot approve its own.
    c.state = CampaignState.SUBMITTED
    c.save()
    assert web.post(reverse("capital:campaign_approve", args=[c.pk])).status_code == 403


def test_investor_sees_public_data_only(cw):
    services.pledge_create(user=cw.b, campaign=cw.campaign, amount=7_000_000)
    page = client_for(cw.a).get(reverse("capital:campaign_detail", args=[cw.campaign.pk]))
    text = page.content.decode()
    assert cw.campaign.title in text and 'data-testid="pledge"' in text
    assert cw.b.username not in text
    assert "own contribution" not in text.lower() and "سهم آورده" not in text
    assert client_for(cw.a).get(reverse("capital:campaign_manage")).status_code == 200


def test_pages_query_budgets():
    investor, staff = UserFactory(), UserFactory(agency_role="national_staff")
    first = CampaignFactory()
    operator_world = first.platform

    def grow():
        for _ in range(N):
            c = CampaignFactory(platform=operator_world)
            services.pledge_create(user=investor, campaign=c, amount=2_000_000)

    targets = {
        "page campaign list": (client_for(investor), reverse("capital:campaign_list")),
        "page campaign detail": (
            client_for(investor),
            reverse("capital:campaign_detail", args=[first.pk]),
        ),
        "page my pledges": (client_for(investor), reverse("capital:my_pledges")),
        "page manage (staff)": (client_for(staff), reverse("capital:campaign_manage")),
    }
    grow()
    small = measure(targets)
    grow()
    grow()
    large = measure(targets)
    assert_budgets(
        small,
        large,
        {
            # The pager's count and the filter's province choices (was 6 unfiltered, unpaged).
            "page campaign list": 6,
            "page campaign detail": 4,
            "page my pledges": 5,
            "page manage (staff)": 5,
        },
    )


def test_campaign_list_filters_in_place_and_exports_the_same_rows(cw):
    done = CampaignFactory(title="طرح پایان‌یافته", state=CampaignState.SUCCEEDED)
    CampaignFactory(state=CampaignState.DRAFT)  # never public
    web = client_for(cw.a)
    url = reverse("capital:campaign_list")
    page = web.get(url)
    assert page.status_code == 200
    # Newest opening first.
    assert [c.pk for c in page.context["page"].object_list] == [done.pk, cw.campaign.pk]
    assert 'hx-target="#results"' in page.content.decode()
    swapped = web.get(url, {"state": "succeeded"}, HTTP_HX_REQUEST="true")
    assert swapped.templates[0].name == "capital/campaigns/_table.html"
    assert [c.pk for c in swapped.context["page"].object_list] == [done.pk]
    # Persian search, normalized (Arabic yeh and kaf typed).
    found = web.get(url, {"q": "پايان"})
    assert [c.pk for c in found.context["page"].object_list] == [done.pk]
    csv = web.get(reverse("capital:campaign_export", args=["csv"]), {"state": "succeeded"})
    assert csv.status_code == 200
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0] == (
        "شناسه,عنوان,بنگاه,سکو,ابزار,هدف (ریال),تعهدشده (ریال),تاریخ گشایش,تاریخ پایان,وضعیت"
    )
    j = jalali.to_jalali(done.opens_at)
    assert lines[1].split(",")[7] == f"{j.year:04d}/{j.month:02d}/{j.day:02d}"
    assert lines[1].split(",")[9] == str(done.get_state_display()) != "succeeded"
    assert [line.split(",")[0] for line in lines[1:]] == [str(done.pk)]
    assert "own_contribution" not in lines[0] and "fee" not in lines[0]
    assert web.get(reverse("capital:campaign_export", args=["pdf"])).status_code == 400
    bad = web.get(reverse("capital:campaign_export", args=["csv"]), {"state": "draft"})
    assert bad.status_code == 400

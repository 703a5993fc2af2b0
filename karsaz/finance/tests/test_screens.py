"""Finance screens as clear as a TReDS platform's: rates in one unit, the live auction and its
fragment (sealed between financiers), limit panels, the first approver not offered the second
approval, and result messages that say what happened."""

import datetime as dt
import re

import pytest
from django.contrib.messages import get_messages
from django.template import Context, Template
from django.test import Client
from django.utils import timezone, translation

from karsaz.finance import display, selectors, services
from karsaz.finance.choices import LimitKind
from karsaz.finance.models import Invoice, Limit
from karsaz.finance.permissions import FinanceScope
from karsaz.testing import factories_finance as ff

pytestmark = pytest.mark.django_db

BN = 1_000_000_000


def client_for(user, lang: str = "fa") -> Client:
    c = Client(HTTP_ACCEPT_LANGUAGE=lang)
    c.force_login(user)
    c.cookies["django_language"] = lang
    return c


def post(client: Client, url: str, **data):
    return client.post(url, {"once": f"t-{url}-{sorted(data.items())}", **data})


def texts(response) -> list[str]:
    """The messages this request added (not those still waiting from earlier ones)."""
    return [str(m) for m in get_messages(response.wsgi_request)._queued_messages]


# ---------------------------------------------------------------- rates in one unit


@pytest.mark.parametrize(
    ("bp", "fa", "en"),
    [
        (2350, "۲۳٫۵٪ (۲٬۳۵۰ واحد پایه)", "23.5% (2,350 bp)"),
        (1800, "۱۸٪ (۱٬۸۰۰ واحد پایه)", "18% (1,800 bp)"),
        (1825, "۱۸٫۲۵٪ (۱٬۸۲۵ واحد پایه)", "18.25% (1,825 bp)"),
        (5, "۰٫۰۵٪ (۵ واحد پایه)", "0.05% (5 bp)"),
        (10000, "۱۰۰٪ (۱۰٬۰۰۰ واحد پایه)", "100% (10,000 bp)"),
    ],
)
def test_the_rate_filter_shows_percent_a_year_with_basis_points(bp, fa, en):
    template = Template("{% load finance %}{{ r|rate }}")
    with translation.override("fa"):
        assert template.render(Context({"r": bp})) == fa
    with translation.override("en"):
        assert template.render(Context({"r": bp})) == en
        assert template.render(Context({"r": None})) == ""


def test_share_of_a_limit_is_rounded_down_to_one_decimal():
    assert display.share_used(250, 1000) == 25
    assert str(display.share_used(1, 3)) == "33.3"
    assert str(display.share_used(2, 3)) == "66.6"
    assert display.share_used(0, 0) == 0
    with translation.override("fa"):
        assert display.percent_text(display.share_used(1, 3)) == "۳۳٫۳٪"
        assert display.clock_text(3725) == "۰۱:۰۲:۰۵"
    with translation.override("en"):
        assert display.percent_text(display.share_used(250, 1000)) == "25%"
        assert display.clock_text(50 * 3600 + 61) == "50:01:01"


def test_the_invoice_page_shows_the_taken_rate_in_one_unit(world):
    settlement = ff.taken(world, rate_bp=2350)
    html = client_for(world.supplier_user, "en").get(f"/finance/invoices/{settlement.invoice_id}/")
    page = html.content.decode()
    assert '<dd class="nowrap" data-testid="rate-shown">23.5% (2,350 bp)</dd>' in page
    assert "23.5% (2,350 bp)</td>" in page  # the bid's row


# ---------------------------------------------------------------- limit panels


def test_limit_panels_show_cap_use_headroom_and_share_each_party_its_own():
    w = ff.finance_world(buyer_limit=8 * BN, supplier_limit=4 * BN, financier_limit=3 * BN)
    settlement = ff.taken(w, amount=BN, rate_bp=2000)
    used = settlement.invoice.net_amount
    assert used == BN
    rows = selectors.limit_panel(user=w.financier_users[0])
    assert [(r["kind"], r["cap"], r["used"], r["headroom"], str(r["share"])) for r in rows] == [
        (LimitKind.FINANCIER, 3 * BN, BN, 2 * BN, "33.3")
    ]
    rows = selectors.limit_panel(user=w.financier_users[1])  # the rival: its own, untouched
    assert [(r["kind"], r["party"], r["used"]) for r in rows] == [
        (LimitKind.FINANCIER, w.financiers[1], 0)
    ]
    buyer_rows = {
        (r["kind"], r["party"]): (r["cap"], r["used"], r["headroom"], str(r["share"]))
        for r in selectors.limit_panel(user=w.maker)
    }
    assert buyer_rows == {
        (LimitKind.BUYER, None): (8 * BN, BN, 7 * BN, "12.5"),
        (LimitKind.SUPPLIER, w.supplier): (4 * BN, BN, 3 * BN, "25.0"),
        (LimitKind.SUPPLIER, w.other_supplier): (4 * BN, 0, 4 * BN, "0.0"),
    }
    page = client_for(w.financier_users[0], "en").get("/finance/").content.decode()
    panel = page[page.index('data-testid="ws-limits"') :]
    panel = panel[: panel.index("</section>")]
    assert "3,000,000,000 rials" in panel and "2,000,000,000 rials" in panel
    assert '<progress class="limit-bar" max="3000000000" value="1000000000"' in panel
    assert '<span data-testid="share">33.3%</span>' in panel
    assert w.financiers[1].name_en not in panel
    fa = client_for(w.maker).get("/finance/").content.decode()
    assert '<span data-testid="share">۱۲٫۵٪</span>' in fa
    assert "۷٬۰۰۰٬۰۰۰٬۰۰۰ ریال" in fa  # the buyer limit's headroom
    assert "limit-financier" not in fa  # the buyer never sees a financier's limit


def test_the_invoice_page_shows_the_limits_the_unit_would_use(world):
    invoice = ff.in_auction(world)
    page = client_for(world.financier_users[1], "en").get(f"/finance/invoices/{invoice.pk}/")
    html = page.content.decode()
    assert 'data-testid="invoice-limits"' in html
    assert 'data-testid="limit-financier"' in html and 'data-testid="limit-buyer"' not in html
    mine = Limit.objects.get(kind=LimitKind.FINANCIER, financier=world.financiers[1])
    assert [
        r["limit"] for r in selectors.invoice_limits(user=world.financier_users[1], invoice=invoice)
    ] == [mine]


# ---------------------------------------------------------------- maker-checker on the page


def test_the_first_approver_is_told_to_wait_not_offered_the_second_approval(world):
    invoice = ff.submit(world, number="INV-77")
    services.invoice_approve(user=world.maker, invoice=invoice)
    invoice.refresh_from_db()
    assert FinanceScope(world.maker).allowed_actions(invoice) == {"reject"}
    html = client_for(world.maker).get(f"/finance/invoices/{invoice.pk}/").content.decode()
    assert 'data-testid="approve"' not in html
    assert 'data-testid="awaiting-second"' in html
    assert "منتظر تأیید کاربر دیگری از خریدار است" in html
    assert 'data-testid="reject"' in html
    other = client_for(world.checker).get(f"/finance/invoices/{invoice.pk}/").content.decode()
    assert 'data-testid="approve"' in other and 'data-testid="awaiting-second"' not in other
    assert "تأیید نهایی پذیرش (دوم)" in other


# ---------------------------------------------------------------- result messages


def test_result_messages_say_what_happened(world):
    invoice = ff.submit(world, number="INV-77", description="قطعات خودرو ۱۲ قلم")
    url = f"/finance/invoices/{invoice.pk}/"
    maker = client_for(world.maker)
    assert texts(post(maker, url + "approve/")) == ["فاکتور INV-۷۷ تأیید شد؛ منتظر تأیید دوم."]
    checker = client_for(world.checker, "en")
    invoice.refresh_from_db()
    due = invoice.due_date
    from karsaz.core import jalali

    assert texts(post(checker, url + "approve/")) == [
        f"Invoice INV-77 accepted: the buyer owes 1,000,000,000 rials on "
        f"{jalali.format_date(due, lang='en')}, whoever finances it."
    ]
    supplier = client_for(world.supplier_user, "en")
    (msg,) = texts(post(supplier, url + "request-financing/"))
    assert msg.startswith("Invoice INV-77 is in auction until ")
    bank = client_for(world.financier_users[0], "en")
    response = post(bank, url + "bid/", rate_percent="23.5", next="auction")
    assert response["Location"] == f"/finance/invoices/{invoice.pk}/auction/"
    assert texts(response) == [
        "Bid of 1,000,000,000 rials at 23.5% (2,350 bp) placed on invoice INV-77."
    ]
    bid = selectors.invoice_bids(user=world.financier_users[0], invoice=invoice).get()
    response = post(client_for(world.supplier_user), url + "take/", bid=str(bid.pk))
    invoice.refresh_from_db()
    (msg,) = texts(response)
    assert msg == (
        "پیشنهاد با نرخ ۲۳٫۵٪ (۲٬۳۵۰ واحد پایه) برای فاکتور INV-۷۷ پذیرفته شد: "
        f"{_fa_rials(invoice.to_supplier)} پس از تأیید انتقال از سوی بانک به شما می‌رسد."
    )
    settlement = selectors.invoice_settlements(user=world.financier_users[0], invoice=invoice).get()
    assert texts(post(bank, f"/finance/settlements/{settlement.pk}/confirm/")) == [
        f"Disbursement of {invoice.to_supplier:,} rials on invoice INV-77 confirmed by the bank."
    ]
    # The same form twice (a double click): the first stands, and the page says so.
    again = maker.post(url + "repay/", {"once": "same", "amount": "1000"})
    assert texts(again)[0].startswith("پرداخت ۱٬۰۰۰ ریال برای فاکتور INV-۷۷ ثبت شد")
    again = maker.post(url + "repay/", {"once": "same", "amount": "1000"})
    assert texts(again) == ["این فرم پیش‌تر فرستاده شده است؛ همان ارسال نخست معتبر است."]


def _fa_rials(n: int) -> str:
    from karsaz.core.persian import to_persian_digits

    return to_persian_digits(f"{n:,}".replace(",", "٬")) + " ریال"


def test_no_generic_done_message_is_left_in_finance_views():
    from pathlib import Path

    source = (Path(__file__).parents[1] / "views.py").read_text()
    assert '_("Done.")' not in source


# ---------------------------------------------------------------- the live auction


def _auction_with_two_bids(w):
    invoice = ff.in_auction(w, number="INV-88", description="Brake pads, lot 7")
    services.bid_place(
        user=w.financier_users[0], invoice=invoice, financier=w.financiers[0], rate_bp=2150
    )
    services.bid_place(
        user=w.financier_users[1], invoice=invoice, financier=w.financiers[1], rate_bp=1975
    )
    return invoice


def test_the_auction_page_counts_down_against_the_server_clock(world):
    invoice = _auction_with_two_bids(world)
    response = client_for(world.financier_users[0], "en").get(
        f"/finance/invoices/{invoice.pk}/auction/"
    )
    html = response.content.decode()
    assert response.status_code == 200
    box = re.search(r'data-countdown data-closes-ms="(\d+)" data-now-ms="(\d+)"', html)
    assert box is not None
    assert int(box[1]) == int(invoice.auction_closes_at.timestamp() * 1000)
    assert abs(int(box[2]) / 1000 - timezone.now().timestamp()) < 600
    assert "finance/auction.js" in html
    assert re.search(r"<time data-countdown-left [^>]*>\d\d+:\d\d:\d\d</time>", html)
    assert f'hx-get="/finance/invoices/{invoice.pk}/auction/bids/"' in html
    assert 'data-testid="place-bid"' in html
    assert '<dd data-testid="description">Brake pads, lot 7</dd>' in html


def test_a_closed_auction_stops_polling_and_says_so(world):
    invoice = _auction_with_two_bids(world)
    Invoice.objects.filter(pk=invoice.pk).update(
        auction_closes_at=timezone.now() - dt.timedelta(minutes=1)
    )
    html = (
        client_for(world.supplier_user, "en")
        .get(f"/finance/invoices/{invoice.pk}/auction/bids/")
        .content.decode()
    )
    assert "hx-get" not in html and 'data-open="0"' in html
    page = (
        client_for(world.supplier_user, "en")
        .get(f"/finance/invoices/{invoice.pk}/auction/")
        .content.decode()
    )
    assert "Bidding has closed." in page and "data-countdown " not in page


def test_the_bids_fragment_marks_the_best_for_the_supplier_and_is_sealed_between_financiers(world):
    invoice = _auction_with_two_bids(world)
    url = f"/finance/invoices/{invoice.pk}/auction/bids/"
    supplier = client_for(world.supplier_user, "en").get(url).content.decode()
    rows = re.findall(r"<tr class=\"([^\"]*)\"[^>]*>(.*?)</tr>", supplier, re.S)
    assert [(cls.strip(), "19.75%" in body, "21.5%" in body) for cls, body in rows] == [
        ("bid-best", True, False),
        ("", False, True),
    ]
    assert 'data-testid="take-1"' in supplier
    fa = client_for(world.supplier_user).get(url).content.decode()
    assert '<th scope="col">نرخ سالانه</th>' in fa  # finance's word, not another app's "Rate"
    assert "۱۹٫۷۵٪ (۱٬۹۷۵ واحد پایه)" in fa
    rival = client_for(world.financier_users[0], "en").get(url).content.decode()
    assert "21.5% (2,150 bp)" in rival and 'data-testid="own-bid"' in rival
    assert "1,975" not in rival and "19.75" not in rival and "bid-best" not in rival
    assert world.financiers[1].name_en not in rival
    other = client_for(world.financier_users[1], "en").get(url).content.decode()
    assert "19.75% (1,975 bp)" in other and "2,150" not in other
    buyer = client_for(world.maker, "en").get(url).content.decode()
    assert "bp)" not in buyer and "No bid yet." in buyer
    assert client_for(world.outsider).get(url).status_code == 404
    outside_bank = ff.finance_world().financier_users[0]
    assert client_for(outside_bank).get(url).status_code == 404
    assert Client().get(url).status_code == 302

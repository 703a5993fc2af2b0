"""The API's refusals carry finance's machine-readable codes (FinanceErrorCode), not just text."""

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from karsaz.finance.models import Invoice
from karsaz.testing import factories_finance as ff

pytestmark = pytest.mark.django_db
BASE = "/api/v1/finance"
_keys = itertools.count()


def post(client, url, data=None):
    return client.post(url, data or {}, format="json", HTTP_IDEMPOTENCY_KEY=f"ec-{next(_keys)}")


def test_a_bid_after_the_auction_window_is_closed(world, api_as):
    invoice = ff.in_auction(world)
    Invoice.objects.filter(pk=invoice.pk).update(
        auction_closes_at=timezone.now() - dt.timedelta(minutes=1)
    )
    r = post(
        api_as(world.financier_users[0]), f"{BASE}/invoices/{invoice.pk}/bids/", {"rate_bp": 1500}
    )
    assert r.status_code == 400
    assert r.json() == {"rate_bp": [{"message": "مهلت حراج تمام شده است.", "code": "closed"}]}


def test_a_bid_over_the_financiers_limit(api_as):
    world = ff.finance_world(financier_limit=100_000_000)
    invoice = ff.in_auction(world)  # net 1,000,000,000: ten times the financier's cap
    r = post(
        api_as(world.financier_users[0]), f"{BASE}/invoices/{invoice.pk}/bids/", {"rate_bp": 1500}
    )
    assert r.status_code == 400
    assert r.json() == {
        "rate_bp": [
            {
                "message": "این پیشنهاد از مانده سقف شما برای این خریدار یا این زوج بیشتر است.",
                "code": "limit",
            }
        ]
    }


def test_a_move_the_state_machine_does_not_allow(world, api_as):
    invoice = ff.submit(world)  # not accepted yet: no auction
    r = post(api_as(world.supplier_user), f"{BASE}/invoices/{invoice.pk}/request-financing/")
    assert r.status_code == 400
    assert r.json() == {
        "state": [
            {
                "message": "تا وقتی وضعیت فاکتور «در انتظار خریدار» است این کار ممکن نیست.",
                "code": "invalid_state",
            }
        ]
    }
    assert Invoice.objects.get(pk=invoice.pk).state == "submitted"


def test_a_bid_on_an_invoice_no_longer_in_auction(world, api_as):
    invoice = ff.financed(world)  # the holder still sees it, and still is in the programme
    bank = api_as(world.financier_users[0])
    r = post(bank, f"{BASE}/invoices/{invoice.pk}/bids/", {"rate_bp": 1500})
    assert r.status_code == 400
    assert r.json() == {"state": [{"message": "این فاکتور در حراج نیست.", "code": "invalid_state"}]}


def test_confirming_a_settled_transfer_again(world, api_as):
    settlement = ff.taken(world)
    bank = api_as(world.financier_users[0])
    assert post(bank, f"{BASE}/settlements/{settlement.pk}/confirm/").status_code == 200
    r = post(bank, f"{BASE}/settlements/{settlement.pk}/confirm/")  # a new key: a new attempt
    assert r.status_code == 400
    assert r.json() == {
        "phase": [{"message": "تکلیف این انتقال پیش‌تر روشن شده است.", "code": "settled"}]
    }
    r = post(bank, f"{BASE}/settlements/{settlement.pk}/void/")
    assert r.json() == {
        "phase": [{"message": "تکلیف این انتقال پیش‌تر روشن شده است.", "code": "settled"}]
    }


def test_the_idempotency_key_errors_have_the_api_error_shape(world, api_as):
    sup = api_as(world.supplier_user)
    url = f"{BASE}/invoices/{ff.submit(world).pk}/cancel/"
    missing = sup.post(url, {}, format="json")
    assert missing.status_code == 400
    assert missing.json() == {
        "idempotency_key": [
            {
                "message": "سرآیند Idempotency-Key را (حداکثر ۱۲۰ نویسه) بفرستید.",
                "code": "key_required",
            }
        ]
    }
    assert sup.post(url, {}, format="json", HTTP_IDEMPOTENCY_KEY="c-1").status_code == 200
    reused = sup.post(url, {"reason": "x"}, format="json", HTTP_IDEMPOTENCY_KEY="c-1")
    assert reused.status_code == 409
    assert reused.json() == {
        "idempotency_key": [
            {"message": "این کلید پیش‌تر برای درخواست دیگری به کار رفته است.", "code": "key_reused"}
        ]
    }

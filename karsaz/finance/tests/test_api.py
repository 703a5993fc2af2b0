import datetime as dt
import itertools

import pytest
from django.utils import timezone

from karsaz.finance import services
from karsaz.finance.choices import InvoiceState
from karsaz.finance.models import IdempotencyRecord, Invoice, JournalEntry, Settlement
from karsaz.finance.verify import verify_ledger
from karsaz.testing import factories_finance as ff

pytestmark = pytest.mark.django_db
BASE = "/api/v1/finance"
_keys = itertools.count()


def post(client, url, data=None, key=None):
    key = key or f"k-{next(_keys)}"
    return client.post(url, data or {}, format="json", HTTP_IDEMPOTENCY_KEY=key)


def invoice_body(w, **over):
    today = timezone.localdate()
    body = {
        "programme": w.programme.pk,
        "number": "ف-۱۲۳/۴",
        "issue_date": str(today - dt.timedelta(days=3)),
        "due_date": str(today + dt.timedelta(days=60)),
        "amount": 500_000_000,
        "tax_id": "A1B2C3",
    }
    body.update(over)
    return body


def test_the_whole_journey_through_the_api(world, api_as):
    sup, maker, checker = (api_as(u) for u in (world.supplier_user, world.maker, world.checker))
    bank = api_as(world.financier_users[0])
    r = post(sup, f"{BASE}/invoices/", invoice_body(world))
    assert r.status_code == 201, r.json()
    pk = r.json()["id"]
    assert post(maker, f"{BASE}/invoices/{pk}/approve/").json()["state"] == "maker_approved"
    assert post(checker, f"{BASE}/invoices/{pk}/approve/").json()["state"] == "accepted"
    assert post(sup, f"{BASE}/invoices/{pk}/request-financing/").status_code == 200
    r = post(bank, f"{BASE}/invoices/{pk}/bids/", {"rate_bp": 1500})
    assert r.status_code == 201, r.json()
    r = post(sup, f"{BASE}/invoices/{pk}/take/", {"bid": r.json()["id"]})
    assert r.status_code == 201 and r.json()["phase"] == "pending"
    stl = r.json()["id"]
    assert (
        post(bank, f"{BASE}/settlements/{stl}/confirm/", {"bank_reference": "R1"}).json()["phase"]
        == "posted"
    )
    r = post(maker, f"{BASE}/invoices/{pk}/repay/", {"amount": 500_000_000})
    assert r.status_code == 201
    post(bank, f"{BASE}/settlements/{r.json()['id']}/confirm/")
    assert Invoice.objects.get(pk=pk).state == InvoiceState.REPAID
    assert verify_ledger() == []
    aging = api_as(world.national).get(f"{BASE}/reports/aging/").json()
    assert [row["bucket"] for row in aging] == ["current", "1-30", "31-60", "61-90", "90+"]
    recon = api_as(world.national).get(f"{BASE}/reports/reconciliation/").json()
    assert recon["total"] == 0


def test_idempotency_key_replays_refuses_other_bodies_and_is_required(world, api_as):
    sup = api_as(world.supplier_user)
    first = post(sup, f"{BASE}/invoices/", invoice_body(world), key="upload-1")
    again = post(sup, f"{BASE}/invoices/", invoice_body(world), key="upload-1")
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json() and again["Idempotent-Replayed"] == "true"
    assert Invoice.objects.count() == 1
    other = post(sup, f"{BASE}/invoices/", invoice_body(world, amount=7), key="upload-1")
    assert other.status_code == 409 and "idempotency_key" in other.json()
    missing = sup.post(f"{BASE}/invoices/", invoice_body(world), format="json")
    assert missing.status_code == 400 and "idempotency_key" in missing.json()


def test_repeated_settlement_confirmation_posts_once(world, api_as):
    settlement = ff.taken(world)
    bank = api_as(world.financier_users[0])
    url = f"{BASE}/settlements/{settlement.pk}/confirm/"
    a = post(bank, url, {"bank_reference": "X"}, key="confirm-1")
    b = post(bank, url, {"bank_reference": "X"}, key="confirm-1")
    assert a.status_code == b.status_code == 200 and a.json() == b.json()
    assert JournalEntry.objects.filter(resolves=settlement.pending_entry).count() == 1
    # A fresh key is a new request: refused, the transfer is already settled.
    c = post(bank, url, {"bank_reference": "X"}, key="confirm-2")
    assert c.status_code == 400 and "phase" in c.json()


def test_a_failed_call_stores_nothing_and_can_be_retried(world, api_as):
    sup = api_as(world.supplier_user)
    bad = post(sup, f"{BASE}/invoices/", invoice_body(world, amount=0), key="retry")
    assert bad.status_code == 400 and "amount" in bad.json()
    assert not IdempotencyRecord.objects.exists()
    good = post(sup, f"{BASE}/invoices/", invoice_body(world, amount=10), key="retry")
    assert good.status_code == 201


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"amount": -5}, "amount"),
        ({"amount": 0}, "amount"),
        ({"amount": "12.5"}, "amount"),
        ({"due_date": "2020-01-01"}, "due_date"),
        ({"number": " -/ "}, "number"),
        ({"programme": 999999}, None),
    ],
)
def test_bad_invoices_get_clear_errors(world, api_as, change, field):
    r = post(api_as(world.supplier_user), f"{BASE}/invoices/", invoice_body(world, **change))
    assert r.status_code in (400, 404)
    if field:
        assert r.status_code == 400 and field in r.json(), r.json()
    assert not Invoice.objects.exists()


def test_duplicates_are_refused_whatever_the_spelling_and_across_programmes(world, api_as, db):
    sup = api_as(world.supplier_user)
    assert (
        post(sup, f"{BASE}/invoices/", invoice_body(world, number="INV-0012/A")).status_code == 201
    )
    for spelling in ("inv 0012 a", "INV_۰۰۱۲-A", "ＩＮＶ0012a"):
        r = post(sup, f"{BASE}/invoices/", invoice_body(world, number=spelling, tax_id=""))
        assert r.status_code == 400 and "number" in r.json(), spelling
    r = post(sup, f"{BASE}/invoices/", invoice_body(world, number="OTHER-1", tax_id="a1b2c3"))
    assert r.status_code == 400 and "tax_id" in r.json()
    # A second programme of the same buyer: still the same invoice, still refused.
    second = services.programme_create(
        user=world.national, buyer=world.buyer, name_fa="برنامه دوم", buyer_limit=10**12
    )
    services.programme_onboard_supplier(
        user=world.national, programme=second, supplier=world.supplier, limit=10**12
    )
    r = post(sup, f"{BASE}/invoices/", invoice_body(world, programme=second.pk, number="inv0012a"))
    assert r.status_code == 400 and "number" in r.json()
    assert Invoice.objects.count() == 1


def test_foreign_invoice_and_unknown_invoice(world, api_as):
    outsider_sme = world.other_supplier
    r = post(
        api_as(world.supplier_user),
        f"{BASE}/invoices/",
        invoice_body(world, supplier=outsider_sme.pk),
    )
    assert r.status_code == 403
    invoice = ff.submit(world)
    other = ff.finance_world()
    # Another buyer's users cannot see, let alone accept, this invoice.
    r = post(api_as(other.maker), f"{BASE}/invoices/{invoice.pk}/approve/")
    assert r.status_code == 404
    r = post(api_as(world.maker), f"{BASE}/invoices/987654/approve/")
    assert r.status_code == 404


def test_bids_outside_the_window_or_above_the_cap(world, api_as):
    invoice = ff.in_auction(world)
    bank = api_as(world.financier_users[0])
    r = post(bank, f"{BASE}/invoices/{invoice.pk}/bids/", {"rate_bp": 999_999})
    assert r.status_code == 400 and "rate_bp" in r.json()
    r = post(bank, f"{BASE}/invoices/{invoice.pk}/bids/", {"rate_bp": -3})
    assert r.status_code == 400
    Invoice.objects.filter(pk=invoice.pk).update(
        auction_closes_at=timezone.now() - dt.timedelta(minutes=1)
    )
    r = post(bank, f"{BASE}/invoices/{invoice.pk}/bids/", {"rate_bp": 1200})
    assert r.status_code == 400 and "rate_bp" in r.json()


ROLES = ("anonymous", "outsider", "supplier", "other_supplier", "maker", "bank0", "bank1",
         "national", "qazvin_officer")  # fmt: skip


def _user(w, role):
    return {
        "anonymous": None,
        "outsider": w.outsider,
        "supplier": w.supplier_user,
        "other_supplier": w.other_supplier_user,
        "maker": w.maker,
        "bank0": w.financier_users[0],
        "bank1": w.financier_users[1],
        "national": w.national,
        "qazvin_officer": w.qazvin_officer,
    }[role]


# Who may see a financed unit (financier 0 holds it) and its settlement.
SEES = {"supplier", "maker", "bank0", "national", "qazvin_officer"}
# Who may see its disbursement: the parties to it (supplier, financier 0) and staff in scope;
# the buyer sees the unit but never what the supplier was paid for it.
SEES_DISBURSEMENT = {"supplier", "bank0", "national", "qazvin_officer"}
# Who may move its money: confirm/void its pending settlement.
CONFIRMS = {"bank0", "national"}


@pytest.mark.parametrize("role", ROLES)
def test_every_role_against_every_endpoint(world, api_as, role):
    settlement = ff.taken(world)
    invoice = Invoice.objects.get(pk=settlement.invoice_id)
    client = api_as(_user(world, role))
    expected_list = 401 if role == "anonymous" else 200
    for url in ("invoices", "bids", "settlements", "accounts", "entries", "limits", "programmes"):
        assert client.get(f"{BASE}/{url}/").status_code in (expected_list, 403), url
    detail = client.get(f"{BASE}/invoices/{invoice.pk}/")
    if role == "anonymous":
        assert detail.status_code in (401, 403)
        return
    assert (detail.status_code == 200) == (role in SEES), detail.status_code
    ids = {row["id"] for row in client.get(f"{BASE}/settlements/").json()["results"]}
    assert (settlement.pk in ids) == (role in SEES_DISBURSEMENT)
    bids = client.get(f"{BASE}/bids/").json()["results"]
    assert bool(bids) == (role in {"supplier", "bank0"})  # only the discount payer and bidder
    accounts = client.get(f"{BASE}/accounts/").json()["results"]
    owners = {a["enterprise"] for a in accounts}
    if role != "national":
        mine = set(_user(world, role).memberships.values_list("enterprise_id", flat=True))
        assert owners <= mine
    r = post(client, f"{BASE}/settlements/{settlement.pk}/confirm/")
    if role in CONFIRMS:
        assert r.status_code == 200
    else:
        assert r.status_code in (403, 404), r.status_code
        assert Settlement.objects.get(pk=settlement.pk).phase == "pending"
    for action in ("approve", "take", "request-financing", "cancel"):
        r = post(client, f"{BASE}/invoices/{invoice.pk}/{action}/")
        assert r.status_code in (400, 403, 404), (action, r.status_code)
    r = post(client, f"{BASE}/invoices/{invoice.pk}/repay/", {"amount": 1})
    if role == "maker" and Invoice.objects.get(pk=invoice.pk).state == "financed":
        assert r.status_code == 201
    else:
        assert r.status_code in (400, 403, 404)
    assert verify_ledger() == []


def test_openapi_schema_lists_the_finance_api(client):
    r = client.get("/api/schema/")
    assert r.status_code == 200
    text = r.content.decode()
    assert "/api/v1/finance/invoices/{id}/take/" in text and "Idempotency-Key" in text


def test_limits_and_auto_bids_through_the_api(world, api_as):
    bank = api_as(world.financier_users[0])
    fin = world.financiers[0]
    url = f"{BASE}/limits/set/"
    body = {"programme": world.programme.pk, "kind": "pair", "financier": fin.pk,
            "supplier": world.supplier.pk, "cap": 700}  # fmt: skip
    assert post(bank, url, body).status_code == 200
    # Another financier may not set this financier's limits; a supplier may not set the buyer's.
    assert post(api_as(world.financier_users[1]), url, body).status_code == 403
    buyer_body = {"programme": world.programme.pk, "kind": "buyer", "cap": 1}
    assert post(api_as(world.supplier_user), url, buyer_body).status_code == 403
    invoice = ff.in_auction(world, amount=1000)
    r = post(bank, f"{BASE}/invoices/{invoice.pk}/bids/", {"rate_bp": 1200})
    assert r.status_code == 400 and "rate_bp" in r.json()  # over the 700 pair cap
    r = post(bank, f"{BASE}/programmes/{world.programme.pk}/auto-bid/",
             {"rate_bp": 1500, "max_amount": 10**9})  # fmt: skip
    assert r.status_code == 200 and r.json()["financier"] == fin.pk
    r = post(api_as(world.supplier_user), f"{BASE}/programmes/{world.programme.pk}/auto-bid/",
             {"rate_bp": 1500, "max_amount": 10**9})  # fmt: skip
    assert r.status_code == 400 and "financier" in r.json()


def test_programmes_are_opened_and_staffed_through_the_api(world, api_as):
    from karsaz.registry.choices import EnterpriseKind
    from karsaz.testing.factories import EnterpriseFactory

    buyer = EnterpriseFactory(kind=EnterpriseKind.ANCHOR_BUYER)
    body = {"buyer": buyer.pk, "name_fa": "برنامه تازه", "buyer_limit": 10**12, "fee_bp": 15}
    assert post(api_as(world.supplier_user), f"{BASE}/programmes/", body).status_code == 403
    r = post(api_as(world.national), f"{BASE}/programmes/", body)
    assert r.status_code == 201 and r.json()["fee_bp"] == 15
    pk = r.json()["id"]
    bad = post(api_as(world.national), f"{BASE}/programmes/", {**body, "buyer": world.supplier.pk})
    assert bad.status_code == 400 and "buyer" in bad.json()
    r = post(api_as(world.national), f"{BASE}/programmes/{pk}/suppliers/",
             {"enterprise": world.supplier.pk, "limit": 10**10})  # fmt: skip
    assert r.status_code == 200
    r = post(api_as(world.national), f"{BASE}/programmes/{pk}/financiers/",
             {"enterprise": world.supplier.pk, "limit": 10**10})  # fmt: skip
    assert r.status_code == 400 and "financier" in r.json()
    r = post(api_as(world.national), f"{BASE}/programmes/{pk}/financiers/",
             {"enterprise": world.financiers[0].pk, "limit": 10**10})  # fmt: skip
    assert r.status_code == 200
    ids = {
        p["id"] for p in api_as(world.supplier_user).get(f"{BASE}/programmes/").json()["results"]
    }
    assert pk in ids and world.programme.pk in ids
    ids = {p["id"] for p in api_as(world.outsider).get(f"{BASE}/programmes/").json()["results"]}
    assert not ids

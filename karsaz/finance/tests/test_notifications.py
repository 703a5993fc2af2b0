"""Who hears of an invoice's moves (the shared notifications): the buyer's users of approvals
needed, the supplier's of approvals given, the financiers of auctions and taken bids."""

import datetime as dt

import pytest
from django.core import mail

from karsaz.finance import services
from karsaz.notifications.choices import Kind
from karsaz.notifications.models import Notification, NotificationSetting
from karsaz.testing.factories_finance import accepted, submit, taken

pytestmark = pytest.mark.django_db


def told(kind: str) -> list[int]:
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient_id", flat=True))


def test_approvals_needed_and_given(world, django_capture_on_commit_callbacks):
    w = world
    w.supplier_user.language = "en"
    w.supplier_user.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        invoice = submit(w, number="INV-77")
    # Both buyer users are asked; the e-mail is in each one's language (Persian here).
    assert told(Kind.FINANCE_APPROVAL_NEEDED) == sorted([w.maker.pk, w.checker.pk])
    assert sorted(m.to[0] for m in mail.outbox) == sorted([w.maker.email, w.checker.email])
    assert all(m.subject.startswith("فاکتور INV-77 از ") for m in mail.outbox)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.invoice_approve(user=w.maker, invoice=invoice)
    # The second approval is asked of the other buyer user, not of the maker.
    second = Notification.objects.filter(kind=Kind.FINANCE_APPROVAL_NEEDED).order_by("-id")[0]
    assert second.recipient_id == w.checker.pk
    assert second.title_in("en") == "Invoice INV-77 awaits a second approval"
    assert [m.to for m in mail.outbox] == [[w.checker.email]]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.invoice_approve(user=w.checker, invoice=invoice)
    assert told(Kind.FINANCE_APPROVAL_GIVEN) == [w.supplier_user.pk]
    buyer = w.buyer.name_en or w.buyer.name_fa
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([w.supplier_user.email], f"{buyer} accepted your invoice INV-77")
    ]
    row = Notification.objects.get(kind=Kind.FINANCE_APPROVAL_GIVEN)
    assert row.link == f"/finance/invoices/{invoice.pk}/"


def test_each_recipient_s_channels_are_kept(world, django_capture_on_commit_callbacks):
    """The recipients' settings are read with the recipients (one query): the maker turned the
    kind off altogether, the checker wants it in the app only; another kind's setting is not
    theirs for this one."""
    w = world
    NotificationSetting.objects.create(
        user=w.maker, kind=Kind.FINANCE_APPROVAL_NEEDED, in_app=False, email=False
    )
    NotificationSetting.objects.create(
        user=w.checker, kind=Kind.FINANCE_APPROVAL_NEEDED, in_app=True, email=False
    )
    NotificationSetting.objects.create(
        user=w.checker, kind=Kind.FINANCE_APPROVAL_GIVEN, in_app=False, email=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        submit(w, number="INV-78")
    assert told(Kind.FINANCE_APPROVAL_NEEDED) == [w.checker.pk]
    assert mail.outbox == []


def test_auction_opened_and_bid_taken(world):
    w = world
    settlement = taken(w, financier=1)
    # Every programme financier hears the auction's deadline; only the winner hears it was taken.
    assert told(Kind.FINANCE_AUCTION_DEADLINE) == sorted(u.pk for u in w.financier_users)
    assert told(Kind.FINANCE_BID_TAKEN) == [w.financier_users[1].pk]
    row = Notification.objects.get(kind=Kind.FINANCE_BID_TAKEN)
    assert row.ref == f"finance.invoice:{settlement.invoice_id}"


def test_auction_closed_without_a_bid_tells_the_supplier(world):
    w = world
    invoice = accepted(w)
    invoice = services.invoice_request_financing(user=w.supplier_user, invoice=invoice)
    later = invoice.auction_closes_at + dt.timedelta(minutes=1)
    services.auction_close(invoice=invoice, now=later)
    rows = Notification.objects.filter(
        kind=Kind.FINANCE_AUCTION_DEADLINE, recipient=w.supplier_user
    )
    assert [r.title_in("en") for r in rows] == [
        f"The auction of invoice {invoice.number} closed without a taken bid"
    ]


def test_closing_auctions_remind_the_financiers_that_have_not_bid_once(world):
    w = world
    invoice = services.invoice_request_financing(user=w.supplier_user, invoice=accepted(w))
    services.bid_place(
        user=w.financier_users[0], invoice=invoice, financier=w.financiers[0], rate_bp=1800
    )
    closes = invoice.auction_closes_at

    def reminded() -> list[int]:
        rows = Notification.objects.filter(kind=Kind.FINANCE_AUCTION_DEADLINE, once=True)
        return sorted(rows.values_list("recipient_id", flat=True))

    assert services.auctions_remind_closing(now=closes - dt.timedelta(hours=3)) == 0  # too early
    assert services.auctions_remind_closing(now=closes - dt.timedelta(hours=1)) == 1
    assert services.auctions_remind_closing(now=closes - dt.timedelta(minutes=30)) == 0  # once
    assert services.auctions_remind_closing(now=closes + dt.timedelta(minutes=1)) == 0  # closed
    assert reminded() == [w.financier_users[1].pk]  # the one that bid is not reminded
    row = Notification.objects.get(kind=Kind.FINANCE_AUCTION_DEADLINE, once=True)
    assert row.title_in("en").startswith(f"The auction of invoice {invoice.number} closes at ")

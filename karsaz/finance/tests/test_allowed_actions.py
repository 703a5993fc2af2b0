"""FinanceScope.allowed_actions: the buttons each party sees, derived from TRANSITIONS and the
role, and the one-time form token (idempotency.form_once)."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from karsaz.finance import selectors, services
from karsaz.finance.idempotency import form_once
from karsaz.finance.models import IdempotencyRecord, Settlement
from karsaz.finance.permissions import FinanceScope
from karsaz.testing import factories_finance as ff

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def actions(user, invoice):
    settlements = Settlement.objects.filter(invoice=invoice)
    return FinanceScope(user).allowed_actions(invoice, settlements)


def test_each_party_sees_its_own_moves_through_the_lifecycle(world):
    invoice = ff.submit(world)
    assert actions(world.supplier_user, invoice) == {"cancel"}
    assert actions(world.maker, invoice) == {"approve_maker", "reject"}
    for user in (world.financier_users[0], world.national, world.outsider):
        assert actions(user, invoice) == frozenset()
    services.invoice_approve(user=world.maker, invoice=invoice)
    invoice.refresh_from_db()
    assert actions(world.checker, invoice) == {"accept", "reject"}
    services.invoice_approve(user=world.checker, invoice=invoice)
    invoice.refresh_from_db()
    assert actions(world.supplier_user, invoice) == {"request_financing", "cancel"}
    assert actions(world.maker, invoice) == frozenset()
    services.invoice_request_financing(user=world.supplier_user, invoice=invoice)
    invoice.refresh_from_db()
    assert actions(world.supplier_user, invoice) == {"take", "cancel"}
    assert actions(world.financier_users[0], invoice) == {"bid"}
    assert actions(ff.finance_world().financier_users[0], invoice) == frozenset()


def test_a_pending_transfer_is_confirmed_by_the_financier_or_the_agency(world):
    settlement = ff.taken(world)
    invoice = settlement.invoice
    assert actions(world.financier_users[0], invoice) == {"confirm"}
    assert actions(world.national, invoice) == {"confirm"}
    for user in (world.supplier_user, world.maker, world.financier_users[1]):
        assert actions(user, invoice) == frozenset()
    services.settlement_confirm(user=world.financier_users[0], settlement=settlement)
    invoice.refresh_from_db()
    assert actions(world.financier_users[0], invoice) == frozenset()
    assert actions(world.maker, invoice) == {"repay"}
    assert actions(world.checker, invoice) == {"repay"}


def test_the_detail_page_shows_only_the_allowed_buttons(world):
    invoice = ff.in_auction(world)
    page = client_for(world.supplier_user).get(f"/finance/invoices/{invoice.pk}/").content.decode()
    assert 'data-testid="cancel"' in page and 'data-testid="request-financing"' not in page
    page = client_for(world.maker).get(f"/finance/invoices/{invoice.pk}/").content.decode()
    assert 'data-testid="cancel"' not in page and 'data-testid="approve"' not in page
    bank = client_for(world.financier_users[0]).get(f"/finance/invoices/{invoice.pk}/")
    assert 'data-testid="place-bid"' in bank.content.decode()
    assert bank.context["actions"] == {"bid"}


def test_the_invoice_serializer_and_the_page_hide_the_same_figures(world):
    invoice = ff.financed(world)
    hidden = selectors.invoice_hidden(user=world.maker, invoice=invoice)
    assert hidden == {"rate_bp", "discount", "fee", "to_supplier"}
    page = client_for(world.maker).get(f"/finance/invoices/{invoice.pk}/")
    assert page.context["hidden"] == hidden
    assert 'data-testid="to-supplier"' not in page.content.decode()


def test_a_form_token_runs_its_work_once_and_a_refusal_frees_it(world):
    ran = []
    assert form_once(user=world.maker, token="t-1", path="/x/", work=lambda: ran.append(1))
    assert not form_once(user=world.maker, token="t-1", path="/x/", work=lambda: ran.append(2))
    assert ran == [1]
    assert IdempotencyRecord.objects.filter(key="form:t-1").count() == 1

    def refuse():
        raise ValidationError("no")

    with pytest.raises(ValidationError):
        form_once(user=world.maker, token="t-2", path="/x/", work=refuse)
    assert not IdempotencyRecord.objects.filter(key="form:t-2").exists()
    assert form_once(user=world.maker, token="t-2", path="/x/", work=lambda: ran.append(3))
    assert ran == [1, 3]

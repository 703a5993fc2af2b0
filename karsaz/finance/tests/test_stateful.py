"""Random sequences of every operation, with random retries of idempotent API calls; every
invariant of the ledger is checked after each step."""

import contextlib
import datetime as dt
import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from rest_framework.test import APIClient

from karsaz.finance import services
from karsaz.finance.choices import InvoiceState, SettlementPhase
from karsaz.finance.models import Bid, Invoice, JournalEntry, Settlement
from karsaz.finance.verify import verify_ledger
from karsaz.testing import factories_finance as ff

pytestmark = pytest.mark.django_db
REFUSED = (ValidationError, PermissionDenied)
_keys = itertools.count()


def test_random_operation_sequences_keep_every_invariant(db):
    w = ff.finance_world(buyer_limit=5_000_000_000, financier_limit=3_000_000_000)
    numbers = itertools.count()

    class Machine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.now = timezone.now()

        def _invoice(self, pick: int, *states: str) -> Invoice | None:
            """Mostly an invoice in a state where the operation applies; sometimes any."""
            qs = Invoice.objects.filter(programme=w.programme).order_by("pk")
            if states and pick % 5:
                qs = qs.filter(state__in=states)
            ids = list(qs.values_list("pk", flat=True))
            return Invoice.objects.get(pk=ids[pick % len(ids)]) if ids else None

        def _api(self, user, url: str, data: dict, retry: bool) -> None:
            client = APIClient()
            client.force_authenticate(user)
            key = f"hyp-{next(_keys)}"
            first = client.post(url, data, format="json", HTTP_IDEMPOTENCY_KEY=key)
            assert first.status_code in (200, 201, 400, 403, 404), first.status_code
            if retry:
                again = client.post(url, data, format="json", HTTP_IDEMPOTENCY_KEY=key)
                if first.status_code < 300:  # a stored success replays exactly
                    assert (again.status_code, again.json()) == (first.status_code, first.json())

        @rule(amount=st.integers(min_value=1, max_value=2_000_000_000),
              credit=st.integers(min_value=0, max_value=3), days=st.integers(20, 150))  # fmt: skip
        def submit(self, amount: int, credit: int, days: int) -> None:
            try:
                inv = ff.submit(w, amount=amount, days=days, number=f"H-{next(numbers)}",
                                now=self.now)  # fmt: skip
                if credit and amount > credit:
                    services.credit_note_add(user=w.supplier_user, invoice=inv, number="C",
                                             amount=credit)  # fmt: skip
            except REFUSED:
                pass

        @rule(pick=st.integers(0, 50), checker=st.booleans(), retry=st.booleans())
        def approve(self, pick: int, checker: bool, retry: bool) -> None:
            inv = self._invoice(pick, InvoiceState.SUBMITTED, InvoiceState.MAKER_APPROVED)
            if inv:
                user = w.checker if checker else w.maker
                self._api(user, f"/api/v1/finance/invoices/{inv.pk}/approve/", {}, retry)

        @rule(pick=st.integers(0, 50), retry=st.booleans(), bounce=st.integers(0, 4),
              share=st.sampled_from([30, 100]))  # fmt: skip
        def advance(self, pick: int, retry: bool, bounce: int, share: int) -> None:
            """Move an open unit one step along the journey, as the right party."""
            open_states = (
                InvoiceState.SUBMITTED, InvoiceState.MAKER_APPROVED, InvoiceState.ACCEPTED,
                InvoiceState.AUCTION, InvoiceState.TAKEN, InvoiceState.FINANCED,
                InvoiceState.OVERDUE,
            )  # fmt: skip
            ids = list(Invoice.objects.filter(state__in=open_states).values_list("pk", flat=True))
            if not ids:
                return
            inv = Invoice.objects.get(pk=sorted(ids)[pick % len(ids)])
            url = f"/api/v1/finance/invoices/{inv.pk}"
            if inv.state == InvoiceState.SUBMITTED:
                self._api(w.maker, f"{url}/approve/", {}, retry)
            elif inv.state == InvoiceState.MAKER_APPROVED:
                self._api(w.checker, f"{url}/approve/", {}, retry)
            elif inv.state == InvoiceState.ACCEPTED:
                self._api(w.supplier_user, f"{url}/request-financing/", {}, retry)
            elif inv.state == InvoiceState.AUCTION and not inv.bids.filter(state="active").exists():
                fin = pick % 2
                self._api(w.financier_users[fin], f"{url}/bids/", {"rate_bp": 1000 + pick}, retry)
            elif inv.state == InvoiceState.AUCTION:
                self._api(w.supplier_user, f"{url}/take/", {}, retry)
            elif inv.state == InvoiceState.TAKEN:
                stl = inv.settlements.get(phase=SettlementPhase.PENDING)
                action = "void" if bounce == 0 else "confirm"
                self._api(w.national, f"/api/v1/finance/settlements/{stl.pk}/{action}/", {}, retry)
            else:
                pending = inv.settlements.filter(phase=SettlementPhase.PENDING).first()
                if pending:
                    self._api(w.national, f"/api/v1/finance/settlements/{pending.pk}/confirm/",
                              {}, retry)  # fmt: skip
                else:
                    owed = inv.outstanding_principal + inv.outstanding_penalty
                    self._api(w.maker, f"{url}/repay/", {"amount": max(owed * share // 100, 1)},
                              retry)  # fmt: skip

        @rule(pick=st.integers(0, 50), coin=st.integers(0, 3))
        def reject(self, pick: int, coin: int) -> None:
            inv = self._invoice(pick)
            if inv and coin == 0:
                with contextlib.suppress(REFUSED):
                    services.invoice_reject(user=w.maker, invoice=inv)

        @rule(pick=st.integers(0, 50), retry=st.booleans())
        def request_financing(self, pick: int, retry: bool) -> None:
            inv = self._invoice(pick, InvoiceState.ACCEPTED)
            if inv:
                self._api(w.supplier_user, f"/api/v1/finance/invoices/{inv.pk}/request-financing/",
                          {}, retry)  # fmt: skip

        @rule(pick=st.integers(0, 50), fin=st.integers(0, 1), retry=st.booleans(),
              rate=st.one_of(st.integers(500, 3600), st.integers(-10, 5000)))  # fmt: skip
        def bid(self, pick: int, fin: int, rate: int, retry: bool) -> None:
            inv = self._invoice(pick, InvoiceState.AUCTION)
            if inv:
                self._api(w.financier_users[fin], f"/api/v1/finance/invoices/{inv.pk}/bids/",
                          {"rate_bp": rate}, retry)  # fmt: skip

        @rule(pick=st.integers(0, 50), retry=st.booleans())
        def take(self, pick: int, retry: bool) -> None:
            inv = self._invoice(pick, InvoiceState.AUCTION)
            if inv:
                self._api(w.supplier_user, f"/api/v1/finance/invoices/{inv.pk}/take/", {}, retry)

        @rule(pick=st.integers(0, 50), post=st.booleans(), retry=st.booleans())
        def settle(self, pick: int, post: bool, retry: bool) -> None:
            pending = list(Settlement.objects.filter(phase=SettlementPhase.PENDING))
            if pending:
                stl = pending[pick % len(pending)]
                action = "confirm" if post else "void"
                self._api(w.national, f"/api/v1/finance/settlements/{stl.pk}/{action}/", {}, retry)

        @rule(pick=st.integers(0, 50), share=st.integers(1, 100), retry=st.booleans())
        def repay(self, pick: int, share: int, retry: bool) -> None:
            inv = self._invoice(pick, InvoiceState.FINANCED, InvoiceState.OVERDUE)
            if inv:
                owed = max(inv.outstanding_principal + inv.outstanding_penalty, 1)
                amount = max(owed * share // 100, 1)
                self._api(w.maker, f"/api/v1/finance/invoices/{inv.pk}/repay/",
                          {"amount": amount}, retry)  # fmt: skip

        @rule(pick=st.integers(0, 50), coin=st.integers(0, 3))
        def cancel(self, pick: int, coin: int) -> None:
            inv = self._invoice(pick)
            if inv and coin == 0:
                with contextlib.suppress(REFUSED):
                    services.invoice_cancel(user=w.supplier_user, invoice=inv)

        @rule(days=st.sampled_from([0, 0, 1, 3, 45]))
        def tick(self, days: int) -> None:
            self.now += dt.timedelta(days=days, hours=1)
            services.finance_tick(now=self.now)

        @invariant()
        def ledger_is_sound(self) -> None:
            assert verify_ledger() == []

        @invariant()
        def no_unit_has_two_winners_or_two_acceptances(self) -> None:
            for inv in Invoice.objects.filter(programme=w.programme):
                assert Bid.objects.filter(invoice=inv, state="won").count() <= 1
                assert JournalEntry.objects.filter(invoice=inv, kind="acceptance").count() <= 1
                if inv.state == InvoiceState.REPAID:
                    assert inv.outstanding_principal == 0

    run_state_machine_as_test(
        Machine,
        settings=settings(
            max_examples=8,
            stateful_step_count=30,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
        ),
    )

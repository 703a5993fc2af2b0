"""Who may see and move what in supply-chain finance.

Roles come from registry memberships: members of a supplier enterprise act for it as supplier,
members of an anchor buyer as buyer, members of a financier as financier. National agency staff
oversee everything (and confirm bank settlements); provincial officers see the invoices of
suppliers in their province. Bids are seen only by the supplier (who pays the discount) and by
the financier that placed them; ledger entries and settlements follow the same rule (the parties
whose accounts they move, and staff in scope), and each party reads only the figures of an invoice
it needs (`invoice_hidden`). The rules in words: README.md, "Who sees what".
"""

from collections.abc import Iterable
from typing import Any, Literal

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from karsaz.accounts.scope import ActorScope, memberships_of
from karsaz.finance.choices import TRANSITIONS, InvoiceState, LimitKind, SettlementPhase
from karsaz.finance.models import (
    Invoice,
    Posting,
    ProgrammeFinancier,
    ProgrammeSupplier,
    Settlement,
)
from karsaz.registry.choices import EnterpriseKind

# The sides of an invoice a member firm can be on.
Party = Literal["supplier", "buyer", "financier"]

# What the financier paid for the unit: the supplier (who took the bid) and the financier see it,
# the buyer never does (it owes the net amount whoever bought the unit, at whatever price).
PRICE_FIELDS = frozenset({"rate_bp", "discount", "fee", "to_supplier"})
# How the buyer repays the financier: no recourse to the supplier once the unit is sold, so this
# is the buyer's and the financier's business (the supplier still sees the state).
REPAYMENT_FIELDS = frozenset(
    {
        "principal_repaid",
        "penalty_accrued",
        "penalty_paid",
        "outstanding_principal",
        "outstanding_penalty",
    }
)


def not_allowed() -> str:
    """Finance's word for a refused action (accounts.scope.require's default speaks of records)."""
    return _("You may not do this.")


class FinanceScope(ActorScope):
    """The actor (ActorScope) plus the kind of each enterprise it belongs to: the kind decides
    the finance role (supplier, buyer, financier)."""

    def __init__(self, user: Any) -> None:
        super().__init__(user)
        self._kinds: dict[int, str] | None = None

    def _read_memberships(self) -> None:
        """Roles and kinds of the user's enterprises: `memberships_of`, read once per user
        object (a service called many times with one user does not read them each time)."""
        rows = memberships_of(self.user) if self.authenticated else {}
        self._member_of = {pk: role for pk, (role, _kind) in rows.items()}
        self._kinds = {pk: kind for pk, (_role, kind) in rows.items()}

    @property
    def member_of(self) -> dict[int, str]:
        if self._member_of is None:
            self._read_memberships()
        assert self._member_of is not None
        return self._member_of

    @property
    def memberships(self) -> dict[int, str]:
        """{enterprise id: enterprise kind} of the user's enterprises."""
        if self._kinds is None:
            self._read_memberships()
        assert self._kinds is not None
        return self._kinds

    def _of_kind(self, *kinds: str) -> set[int]:
        return {pk for pk, kind in self.memberships.items() if kind in kinds}

    @property
    def buyer_ids(self) -> set[int]:
        return self._of_kind(EnterpriseKind.ANCHOR_BUYER)

    @property
    def financier_ids(self) -> set[int]:
        return self._of_kind(EnterpriseKind.FINANCIER)

    @property
    def supplier_ids(self) -> set[int]:
        # Any member enterprise may be a supplier except financiers and anchor buyers.
        return set(self.memberships) - self.financier_ids - self.buyer_ids

    @property
    def staff(self) -> bool:
        return self.national or self.province_id is not None

    @property
    def any_role(self) -> bool:
        return self.staff or bool(self.memberships)

    def is_member(self, enterprise_id: int | None) -> bool:
        return enterprise_id is not None and enterprise_id in self.memberships

    def party_q(self, side: Party) -> Q:
        """The invoices in which one of the user's firms is the `side` party: a part of
        `invoice_q`, which is built from it, so a desk reading it shows nothing the scope
        hides."""
        return Q(**{f"{side}_id__in": getattr(self, f"{side}_ids")})

    def invoice_q(self) -> Q:
        """The invoices this user may see."""
        if self.national:
            return Q()
        q = Q(pk__in=[])
        if self.province_id:
            q |= Q(supplier__province_id=self.province_id)
        if self.supplier_ids:
            q |= self.party_q("supplier")
        if self.buyer_ids:
            q |= self.party_q("buyer")
        if self.financier_ids:
            q |= self.party_q("financier") | Q(
                state=InvoiceState.AUCTION,
                programme_id__in=ProgrammeFinancier.objects.filter(
                    financier_id__in=self.financier_ids
                ).values("programme_id"),
            )
        return q

    def programme_q(self) -> Q:
        if self.national or self.province_id:
            return Q()
        ids = list(self.memberships)
        return (
            Q(buyer_id__in=ids)
            | Q(pk__in=ProgrammeSupplier.objects.filter(supplier_id__in=ids).values("programme_id"))
            | Q(
                pk__in=ProgrammeFinancier.objects.filter(financier_id__in=ids).values(
                    "programme_id"
                )
            )
        )

    def bid_q(self) -> Q:
        """Bids: the supplier of the invoice sees them all, a financier its own; nobody else."""
        q = Q(pk__in=[])
        if self.supplier_ids:
            q |= Q(invoice__supplier_id__in=self.supplier_ids)
        if self.financier_ids:
            q |= Q(financier_id__in=self.financier_ids)
        return q

    def _moves_own_money(self, entry_ref: str) -> Q:
        """The row whose journal entry (at `entry_ref`) has a posting on one of the user's
        enterprises' accounts: the user's enterprise is a party to that money."""
        own = Posting.objects.filter(account__enterprise_id__in=list(self.memberships))
        return Q(Exists(own.filter(entry_id=OuterRef(entry_ref))))

    def entry_q(self) -> Q:
        """Ledger entries, like bids, are seen by the parties to them and by staff in scope.

        An entry that moves money is seen by the enterprises whose accounts it moves (so a
        financier never reads a rival's disbursement, even after a void and a re-auction put the
        invoice back before it), a post or void by whoever sees the entry it resolves, and a step
        that moves no money (submitted, approved, auction opened, overdue) by whoever sees the
        invoice. National staff see every entry, provincial officers those of their suppliers."""
        if self.national:
            return Q()
        q = Q(pk__in=[])
        if self.province_id:
            q |= Q(invoice__supplier__province_id=self.province_id)
        if self.memberships:
            no_money = ~Q(Exists(Posting.objects.filter(entry_id=OuterRef("pk")))) & Q(
                resolves__isnull=True,
                invoice__in=Invoice.objects.filter(self.invoice_q()).values("pk"),
            )
            q |= self._moves_own_money("pk") | self._moves_own_money("resolves_id") | no_money
        return q

    def settlement_q(self) -> Q:
        """A transfer is seen by the parties whose accounts its pending entry moves (supplier
        and financier for a disbursement, buyer and financier for a repayment) and by staff in
        scope: the buyer never sees what the supplier was paid, a rival financier nothing."""
        if self.national:
            return Q()
        q = Q(pk__in=[])
        if self.province_id:
            q |= Q(invoice__supplier__province_id=self.province_id)
        if self.memberships:
            q |= self._moves_own_money("pending_entry_id")
        return q

    def limit_q(self) -> Q:
        """The buyer sees its programmes' buyer and supplier limits (it may set them), never a
        financier's; a financier its own; a supplier its own supplier limit."""
        if self.national:
            return Q()
        return (
            Q(
                programme__buyer_id__in=self.buyer_ids,
                kind__in=[LimitKind.BUYER, LimitKind.SUPPLIER],
            )
            | Q(financier_id__in=self.financier_ids)
            | Q(supplier_id__in=self.supplier_ids, kind=LimitKind.SUPPLIER)
        )

    def invoice_hidden(self, invoice: Invoice) -> frozenset[str]:
        """The invoice's figures this user may not read (the invoice itself is visible).

        Staff in scope and the financier holding the unit read everything; a financier bidding
        in an auction reads the unit (it is not priced yet). The supplier reads what it receives
        (rate, discount, fee, net paid) but not the buyer's repayments to the financier; the
        buyer what it owes, to whom and when, never the price. Several roles: the union."""
        hidden = PRICE_FIELDS | REPAYMENT_FIELDS
        if (
            self.national
            or (self.province_id and invoice.supplier.province_id == self.province_id)
            or self.is_member(invoice.financier_id)
            or (self.financier_ids and invoice.state == InvoiceState.AUCTION)
        ):
            return frozenset()
        if self.is_member(invoice.supplier_id):
            hidden -= PRICE_FIELDS
        if self.is_member(invoice.buyer_id):
            hidden -= REPAYMENT_FIELDS
        return hidden

    def may_confirm(self, invoice: Invoice) -> bool:
        """The bank's answer on a transfer is recorded by the unit's financier or the agency."""
        return self.national or self.is_member(invoice.financier_id)

    def bids_for(self, invoice: Invoice) -> bool:
        """Whether one of the user's financiers is in the invoice's programme (it may bid)."""
        return bool(self.financier_ids) and (
            ProgrammeFinancier.objects.filter(
                programme_id=invoice.programme_id, financier_id__in=self.financier_ids
            ).exists()
        )

    def allowed_actions(
        self, invoice: Invoice, settlements: Iterable[Settlement] = ()
    ) -> frozenset[str]:
        """What this user may do to the invoice now, from `TRANSITIONS` and the user's role:
        `approve_maker` / `accept` / `reject` (buyer), `request_financing` / `take` / `cancel`
        (supplier), `bid` (a financier in the programme, during the auction), `repay` (buyer,
        while something is owed), `confirm` (financier or agency, when one of `settlements` is
        pending). The services check the same again under the row lock."""

        def can(action: str) -> bool:
            return invoice.state in TRANSITIONS[action][0]

        actions: set[str] = set()
        if self.is_member(invoice.buyer_id):
            actions |= {a for a in ("approve_maker", "accept", "reject") if can(a)}
            if self.awaits_second_approver(invoice):
                actions.discard("accept")  # the service refuses it: not offered (maker-checker)
            if can("repaid"):
                actions.add("repay")
        if self.is_member(invoice.supplier_id):
            actions |= {a for a in ("request_financing", "take", "cancel") if can(a)}
        if can("take") and self.bids_for(invoice):
            actions.add("bid")
        if self.may_confirm(invoice) and any(
            s.phase == SettlementPhase.PENDING for s in settlements
        ):
            actions.add("confirm")
        return frozenset(actions)

    def awaits_second_approver(self, invoice: Invoice) -> bool:
        """The user gave the first approval: the acceptance must come from another buyer user,
        so the page says it waits for one instead of offering a button that would be refused."""
        return (
            invoice.state == InvoiceState.MAKER_APPROVED
            and self.authenticated
            and invoice.maker_id == self.user.pk
        )

    def account_q(self) -> Q:
        if self.national:
            return Q()
        return Q(enterprise_id__in=list(self.memberships))

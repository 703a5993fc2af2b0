"""Who may see and move what in supply-chain finance.

Roles come from registry memberships: members of a supplier enterprise act for it as supplier,
members of an anchor buyer as buyer, members of a financier as financier. National agency staff
oversee everything (and confirm bank settlements); provincial officers see the invoices of
suppliers in their province. Bids are seen only by the supplier (who pays the discount) and by
the financier that placed them.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from karsaz.accounts.choices import AgencyRole
from karsaz.finance.choices import InvoiceState
from karsaz.finance.models import ProgrammeFinancier, ProgrammeSupplier
from karsaz.registry.choices import EnterpriseKind


class FinanceScope:
    def __init__(self, user: Any) -> None:
        self.user = user
        self.authenticated = bool(user and user.is_authenticated)
        self.national = self.authenticated and bool(user.is_national)
        self.province_id = (
            user.province_id
            if self.authenticated and user.agency_role == AgencyRole.PROVINCIAL_STAFF
            else None
        )
        self._kinds: dict[int, str] | None = None

    @property
    def memberships(self) -> dict[int, str]:
        """{enterprise id: enterprise kind} of the user's enterprises."""
        if self._kinds is None:
            self._kinds = (
                dict(self.user.memberships.values_list("enterprise_id", "enterprise__kind"))
                if self.authenticated
                else {}
            )
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

    def invoice_q(self) -> Q:
        """The invoices this user may see."""
        if self.national:
            return Q()
        q = Q(pk__in=[])
        if self.province_id:
            q |= Q(supplier__province_id=self.province_id)
        if self.supplier_ids:
            q |= Q(supplier_id__in=self.supplier_ids)
        if self.buyer_ids:
            q |= Q(buyer_id__in=self.buyer_ids)
        if self.financier_ids:
            q |= Q(financier_id__in=self.financier_ids) | Q(
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

    def account_q(self) -> Q:
        if self.national:
            return Q()
        return Q(enterprise_id__in=list(self.memberships))


def require(allowed: bool, message: str | None = None) -> None:
    if not allowed:
        raise PermissionDenied(message or _("You may not do this."))

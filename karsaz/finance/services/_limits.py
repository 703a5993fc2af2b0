"""Limit rows: which apply to a unit, the financier's room, and reserving or releasing them.
Limit rows are locked by ascending id, after the invoice (the package's lock order)."""

from django.core.exceptions import ValidationError
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext as _

from karsaz.core.errors import field_error
from karsaz.finance.choices import LimitKind
from karsaz.finance.errors import FinanceErrorCode
from karsaz.finance.models import Invoice, Limit


def _limits(invoice: Invoice, financier_id: int) -> QuerySet[Limit]:
    return Limit.objects.filter(programme_id=invoice.programme_id).filter(
        Q(kind=LimitKind.BUYER)
        | Q(kind=LimitKind.SUPPLIER, supplier_id=invoice.supplier_id)
        | Q(kind=LimitKind.FINANCIER, financier_id=financier_id)
        | Q(kind=LimitKind.PAIR, financier_id=financier_id, supplier_id=invoice.supplier_id)
    )


def limits_for(invoice: Invoice, financier_id: int) -> list[Limit]:
    return list(_limits(invoice, financier_id))


def _lock_limits(invoice: Invoice, financier_id: int) -> list[Limit]:
    """The unit's limit rows, read and locked in one query, by ascending id."""
    return list(_limits(invoice, financier_id).select_for_update().order_by("pk"))


def _add_used(limits: list[Limit], amount: int) -> None:
    """One UPDATE for every (locked) row; the database CHECKs 0 <= used <= cap again."""
    Limit.objects.filter(pk__in=[lim.pk for lim in limits]).update(used=F("used") + amount)
    for lim in limits:
        lim.used += amount


def financier_capacity_error(invoice: Invoice, financier_id: int) -> str | None:
    """Why this financier may not bid on the unit (no limit set, or no room left), or None."""
    limits = {lim.kind: lim for lim in limits_for(invoice, financier_id)}
    if LimitKind.FINANCIER not in limits:
        return _("Set your limit on this buyer before bidding.")
    for kind in (LimitKind.FINANCIER, LimitKind.PAIR):
        lim = limits.get(kind)
        if lim is not None and lim.available < invoice.net_amount:
            return _("The bid exceeds your remaining limit on this buyer or pair.")
    return None


def reserve_limits(invoice: Invoice, financier_id: int, amount: int) -> None:
    locked = _lock_limits(invoice, financier_id)
    kinds = {lim.kind for lim in locked}
    for needed in (LimitKind.BUYER, LimitKind.SUPPLIER, LimitKind.FINANCIER):
        if needed not in kinds:
            raise ValidationError({"limit": [_("A programme limit is missing.")]})
    for lim in locked:
        if lim.used + amount > lim.cap:
            raise field_error(
                "limit",
                _("Taking this bid would exceed the {kind}.").format(kind=lim.get_kind_display()),
                FinanceErrorCode.LIMIT,
            )
    _add_used(locked, amount)


def release_limits(invoice: Invoice, amount: int) -> None:
    """Gives `amount` back to the unit's limit rows in one statement: the subquery locks them
    by ascending id (the lock order) and the UPDATE touches only rows it has locked. Nothing to
    check first: the database CHECKs used >= 0 again."""
    if amount <= 0 or invoice.financier_id is None:
        return
    locked = _limits(invoice, invoice.financier_id).select_for_update().order_by("pk")
    Limit.objects.filter(pk__in=locked.values("pk")).update(used=F("used") - amount)

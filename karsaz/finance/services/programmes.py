"""Programmes and limits: opening a programme, admitting suppliers and financiers, caps and
financiers' standing offers (auto-bids)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from karsaz.accounts.scope import require
from karsaz.core.errors import field_error
from karsaz.core.money import rial_error
from karsaz.core.persian import normalize
from karsaz.finance.choices import LimitKind
from karsaz.finance.errors import FinanceErrorCode
from karsaz.finance.models import (
    AutoBidRule,
    Limit,
    Programme,
    ProgrammeFinancier,
    ProgrammeSupplier,
)
from karsaz.finance.permissions import FinanceScope, not_allowed
from karsaz.finance.services._state import check_rate, int_amount
from karsaz.registry.choices import EnterpriseKind
from karsaz.registry.models import Enterprise


@transaction.atomic
def programme_create(
    *,
    user: Any,
    buyer: Enterprise,
    name_fa: str,
    name_en: str = "",
    buyer_limit: int,
    **rules: Any,
) -> Programme:
    require(FinanceScope(user).national, _("Only national agency staff create programmes."))
    if buyer.kind != EnterpriseKind.ANCHOR_BUYER:
        raise ValidationError({"buyer": [_("A programme is run by an anchor buyer.")]})
    programme = Programme(buyer=buyer, name_fa=normalize(name_fa), name_en=name_en, **rules)
    programme.full_clean()
    programme.save()
    Limit.objects.create(
        programme=programme, kind=LimitKind.BUYER, cap=int_amount(buyer_limit, "buyer_limit")
    )
    return programme


@transaction.atomic
def programme_onboard_supplier(
    *, user: Any, programme: Programme, supplier: Enterprise, limit: int
) -> ProgrammeSupplier:
    scope = FinanceScope(user)
    require(scope.national or scope.is_member(programme.buyer_id), not_allowed())
    if supplier.kind == EnterpriseKind.FINANCIER or supplier.pk == programme.buyer_id:
        raise ValidationError({"supplier": [_("This enterprise cannot be a supplier here.")]})
    link, _created = ProgrammeSupplier.objects.get_or_create(programme=programme, supplier=supplier)
    limit_set(user=user, programme=programme, kind=LimitKind.SUPPLIER, supplier=supplier, cap=limit)
    return link


@transaction.atomic
def programme_add_financier(
    *, user: Any, programme: Programme, financier: Enterprise, limit: int
) -> ProgrammeFinancier:
    require(FinanceScope(user).national, _("Only national agency staff admit financiers."))
    if financier.kind != EnterpriseKind.FINANCIER:
        raise ValidationError({"financier": [_("Only a financier can join as financier.")]})
    link, _created = ProgrammeFinancier.objects.get_or_create(
        programme=programme, financier=financier
    )
    Limit.objects.get_or_create(
        programme=programme,
        kind=LimitKind.FINANCIER,
        financier=financier,
        defaults={"cap": int_amount(limit, "limit")},
    )
    return link


@transaction.atomic
def limit_set(
    *,
    user: Any,
    programme: Programme,
    kind: str,
    cap: int,
    financier: Enterprise | None = None,
    supplier: Enterprise | None = None,
) -> Limit:
    """Set a cap. Buyer and supplier limits: agency or buyer; financier and pair: that financier."""
    scope = FinanceScope(user)
    if kind in (LimitKind.BUYER, LimitKind.SUPPLIER):
        require(scope.national or scope.is_member(programme.buyer_id), not_allowed())
    elif kind in (LimitKind.FINANCIER, LimitKind.PAIR):
        require(
            financier is not None and (scope.national or scope.is_member(financier.pk)),
            not_allowed(),
        )
        if not ProgrammeFinancier.objects.filter(programme=programme, financier=financier).exists():
            raise ValidationError({"financier": [_("This financier is not in the programme.")]})
    else:
        raise ValidationError({"kind": [_("Unknown limit kind.")]})
    if error := rial_error(cap):
        raise ValidationError({"cap": [error]})
    keys = {
        "programme": programme,
        "kind": kind,
        "financier": financier if kind in (LimitKind.FINANCIER, LimitKind.PAIR) else None,
        "supplier": supplier if kind in (LimitKind.SUPPLIER, LimitKind.PAIR) else None,
    }
    limit = Limit.objects.select_for_update().filter(**keys).first()
    if limit is None:
        return Limit.objects.create(cap=cap, **keys)
    if cap < limit.used:
        raise field_error(
            "cap",
            _("The cap cannot go below what is already reserved."),
            FinanceErrorCode.BELOW_USED,
        )
    limit.cap = cap
    limit.save(update_fields=["cap"])
    return limit


@transaction.atomic
def autobid_set(
    *,
    user: Any,
    programme: Programme,
    financier: Enterprise,
    rate_bp: int,
    max_amount: int,
    active: bool = True,
) -> AutoBidRule:
    scope = FinanceScope(user)
    require(scope.is_member(financier.pk) or scope.national, not_allowed())
    if not ProgrammeFinancier.objects.filter(programme=programme, financier=financier).exists():
        raise ValidationError({"financier": [_("This financier is not in the programme.")]})
    check_rate(programme, rate_bp)
    rule, _created = AutoBidRule.objects.update_or_create(
        programme=programme,
        financier=financier,
        defaults={
            "rate_bp": rate_bp,
            "max_amount": int_amount(max_amount, "max_amount"),
            "active": active,
        },
    )
    return rule

"""Test (and benchmark) builders for supply-chain finance: a programme with every party."""

import datetime as dt
import itertools
from types import SimpleNamespace
from typing import Any

from django.utils import timezone

from karsaz.accounts.choices import AgencyRole
from karsaz.finance import services
from karsaz.finance.models import Invoice, Programme
from karsaz.registry.choices import EnterpriseKind, MembershipRole
from karsaz.registry.models import Province
from karsaz.testing.factories import EnterpriseFactory, MembershipFactory, UserFactory

_numbers = itertools.count(1)
BIG = 10**15


def finance_world(
    *,
    buyer_limit: int = BIG,
    supplier_limit: int = BIG,
    financier_limit: int = BIG,
    financiers: int = 2,
    suffix: str = "",
    **rules: Any,
) -> SimpleNamespace:
    """An anchor buyer's programme with one supplier, `financiers` financiers, a user for every
    role (two buyer users for maker-checker) and an outsider, all with password pass-1234-word."""
    tag = suffix or str(next(_numbers))
    qazvin = Province.objects.get(code="26")
    tehran = Province.objects.get(code="23")
    national = UserFactory(username=f"fin-national{tag}", agency_role=AgencyRole.NATIONAL_STAFF)
    buyer: Any = EnterpriseFactory(
        kind=EnterpriseKind.ANCHOR_BUYER, province=tehran, employees=2000
    )
    supplier: Any = EnterpriseFactory(kind=EnterpriseKind.SME, province=qazvin)
    other_supplier: Any = EnterpriseFactory(kind=EnterpriseKind.SME, province=tehran)
    w = SimpleNamespace(buyer=buyer, supplier=supplier, other_supplier=other_supplier)
    w.national = national
    w.supplier_user = _member(f"fin-sme{tag}", supplier)
    w.other_supplier_user = _member(f"fin-sme-b{tag}", other_supplier)
    w.maker = _member(f"fin-maker{tag}", buyer, MembershipRole.MANAGER)
    w.checker = _member(f"fin-checker{tag}", buyer, MembershipRole.EMPLOYEE)
    w.qazvin_officer = UserFactory(
        username=f"fin-qazvin{tag}", agency_role=AgencyRole.PROVINCIAL_STAFF, province=qazvin
    )
    w.outsider = UserFactory(username=f"fin-outsider{tag}")
    w.programme = services.programme_create(
        user=national,
        buyer=buyer,
        name_fa="برنامه تأمین مالی زنجیره",
        name_en="Supply-chain programme",
        buyer_limit=buyer_limit,
        **rules,
    )
    for s in (supplier, other_supplier):
        services.programme_onboard_supplier(
            user=national, programme=w.programme, supplier=s, limit=supplier_limit
        )
    w.financiers, w.financier_users = [], []
    for n in range(financiers):
        fin: Any = EnterpriseFactory(kind=EnterpriseKind.FINANCIER, province=tehran)
        services.programme_add_financier(
            user=national, programme=w.programme, financier=fin, limit=financier_limit
        )
        w.financiers.append(fin)
        w.financier_users.append(_member(f"fin-bank{n}-{tag}", fin))
    return w


def _member(username: str, enterprise: Any, role: str = MembershipRole.OWNER) -> Any:
    user = UserFactory(username=username)
    MembershipFactory(user=user, enterprise=enterprise, role=role)
    return user


def submit(
    w: SimpleNamespace,
    *,
    amount: int = 1_000_000_000,
    days: int = 90,
    number: str | None = None,
    supplier: Any = None,
    now: dt.datetime | None = None,
    **extra: Any,
) -> Invoice:
    today = timezone.localdate(now or timezone.now())
    supplier = supplier or w.supplier
    user = w.supplier_user if supplier == w.supplier else w.other_supplier_user
    return services.invoice_submit(
        user=user,
        programme=w.programme,
        supplier=supplier,
        number=number or f"INV-{next(_numbers):05d}",
        issue_date=today - dt.timedelta(days=5),
        due_date=today + dt.timedelta(days=days),
        amount=amount,
        now=now,
        **extra,
    )


def accepted(w: SimpleNamespace, **kwargs: Any) -> Invoice:
    invoice = submit(w, **kwargs)
    services.invoice_approve(user=w.maker, invoice=invoice)
    return services.invoice_approve(user=w.checker, invoice=invoice)


def in_auction(w: SimpleNamespace, **kwargs: Any) -> Invoice:
    invoice = accepted(w, **kwargs)
    return services.invoice_request_financing(user=w.supplier_user, invoice=invoice)


def taken(w: SimpleNamespace, *, rate_bp: int = 1800, financier: int = 0, **kwargs: Any) -> Any:
    invoice = in_auction(w, **kwargs)
    bid = services.bid_place(
        user=w.financier_users[financier],
        invoice=invoice,
        financier=w.financiers[financier],
        rate_bp=rate_bp,
    )
    settlement = services.bid_take(user=w.supplier_user, invoice=invoice, bid=bid)
    return settlement


def financed(w: SimpleNamespace, **kwargs: Any) -> Invoice:
    settlement = taken(w, **kwargs)
    services.settlement_confirm(
        user=w.financier_users[kwargs.get("financier", 0)], settlement=settlement
    )
    return Invoice.objects.get(pk=settlement.invoice_id)


def programme(w: SimpleNamespace) -> Programme:
    return w.programme

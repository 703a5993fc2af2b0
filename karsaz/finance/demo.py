"""Demo data: two programmes of registry anchor buyers, a few hundred invoices in every state,
all written through the services (so the ledger is exactly what real use would produce).

Deterministic (the seeded `rng`), idempotent (skips when the programmes exist), a few seconds.
"""

import contextlib
import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from karsaz.accounts.choices import AgencyRole
from karsaz.accounts.demo import DEMO_PASSWORD
from karsaz.accounts.models import User
from karsaz.finance import services
from karsaz.finance.choices import InvoiceState
from karsaz.finance.models import Invoice, Programme, Settlement
from karsaz.finance.verify import verify_ledger
from karsaz.registry.choices import EnterpriseKind, MembershipRole
from karsaz.registry.models import Enterprise, Membership

PROGRAMMES = (
    ("برنامه تأمین مالی زنجیره تأمین {buyer}", "{buyer} supply-chain finance"),
    ("برنامه پرداخت زودهنگام تأمین‌کنندگان {buyer}", "{buyer} early payment programme"),
)
# Final state of each demo invoice, with how many per programme.
PLAN = (
    (InvoiceState.SUBMITTED, 14),
    (InvoiceState.MAKER_APPROVED, 10),
    (InvoiceState.REJECTED, 5),
    (InvoiceState.EXPIRED, 5),
    (InvoiceState.CANCELLED, 5),
    (InvoiceState.ACCEPTED, 12),
    (InvoiceState.AUCTION, 15),
    (InvoiceState.TAKEN, 8),
    (InvoiceState.FINANCED, 26),
    (InvoiceState.OVERDUE, 10),
    (InvoiceState.REPAID, 22),
)


def _ops_user(username: str, enterprises: list[Enterprise], role: str) -> User:
    """A service account that acts for many demo enterprises (it cannot sign in)."""
    user, created = User.objects.get_or_create(
        username=username, defaults={"first_name": "عملیات", "last_name": "نمایشی"}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    for e in enterprises:
        Membership.objects.get_or_create(user=user, enterprise=e, defaults={"role": role})
    return user


def _person(username: str, first: str, last: str, enterprise: Enterprise, role: str) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"first_name": first, "last_name": last, "email": f"{username}@karsaz.example"},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    Membership.objects.get_or_create(user=user, enterprise=enterprise, defaults={"role": role})
    return user


def _member_enterprise(username: str, kind: str) -> Enterprise | None:
    m = (
        Membership.objects.filter(user__username=username, enterprise__kind=kind)
        .select_related("enterprise")
        .first()
    )
    return m.enterprise if m else None


def seed(*, rng: Any, stdout: Any) -> list[tuple[str, str, str]]:
    buyer_ent = _member_enterprise("buyer", EnterpriseKind.ANCHOR_BUYER)
    national = User.objects.filter(agency_role=AgencyRole.NATIONAL_STAFF).order_by("id").first()
    if buyer_ent is None or national is None:
        stdout.write("Finance: the registry demo users are missing; skipped")
        return []
    checker = _person("buyer2", "سمیرا", "رحیمی", buyer_ent, MembershipRole.EMPLOYEE)
    credentials = [("buyer2", DEMO_PASSWORD, "second buyer user: the checker of maker-checker")]
    if Programme.objects.exists():
        return credentials
    with transaction.atomic():
        _seed(rng=rng, stdout=stdout, buyer_ent=buyer_ent, national=national, checker=checker)
    breaches = verify_ledger()
    stdout.write(f"Finance: ledger {'ok' if not breaches else breaches[:3]}")
    return credentials


def _seed(*, rng: Any, stdout: Any, buyer_ent: Enterprise, national: User, checker: User) -> None:
    maker = User.objects.get(username="buyer")
    sme_ent = _member_enterprise("sme", EnterpriseKind.SME)
    fin_ent = _member_enterprise("financier", EnterpriseKind.FINANCIER)
    other_buyer = (
        Enterprise.objects.filter(kind=EnterpriseKind.ANCHOR_BUYER)
        .exclude(pk=buyer_ent.pk)
        .order_by("id")
        .first()
    )
    others = Enterprise.objects.filter(kind=EnterpriseKind.FINANCIER)
    financiers = list(others.exclude(pk=getattr(fin_ent, "pk", 0)).order_by("id")[:3])
    if fin_ent:
        financiers.insert(0, fin_ent)
    smes = list(Enterprise.objects.filter(kind=EnterpriseKind.SME).order_by("id")[:400])
    suppliers = rng.sample(smes, min(24, len(smes)))
    if sme_ent and sme_ent not in suppliers:
        suppliers[0] = sme_ent
    bot_supplier = _ops_user("demo-suppliers", suppliers, MembershipRole.EMPLOYEE)
    bot_financier = _ops_user("demo-financiers", financiers, MembershipRole.EMPLOYEE)
    buyers = [buyer_ent] + ([other_buyer] if other_buyer else [])
    now = timezone.now()
    total = 0
    for n, buyer in enumerate(buyers):
        fa, en = PROGRAMMES[n]
        name = buyer.name_fa
        programme = services.programme_create(
            user=national, buyer=buyer, name_fa=fa.format(buyer=name),
            name_en=en.format(buyer=buyer.name_en or name),
            buyer_limit=400_000_000_000_000, fee_bp=20 + 5 * n, max_rate_bp=3600,
            penalty_rate_bp=3000, min_tenor_days=15, max_tenor_days=180,
        )  # fmt: skip
        prog_suppliers = suppliers[n::2] if n else [s for s in suppliers[::2]]
        if sme_ent and sme_ent not in prog_suppliers:
            prog_suppliers.append(sme_ent)
        for s in prog_suppliers:
            services.programme_onboard_supplier(
                user=national, programme=programme, supplier=s, limit=60_000_000_000_000
            )
        for f in financiers:
            services.programme_add_financier(
                user=national, programme=programme, financier=f, limit=150_000_000_000_000
            )
        services.autobid_set(
            user=national, programme=programme, financier=financiers[-1],
            rate_bp=2600 + 100 * n, max_amount=5_000_000_000,
        )  # fmt: skip
        if n == 0:
            makers, checkers = [maker], [checker]
        else:
            ops = _ops_user("demo-buyer-ops", [buyer], MembershipRole.MANAGER)
            ops2 = _ops_user("demo-buyer-ops2", [buyer], MembershipRole.EMPLOYEE)
            makers, checkers = [ops], [ops2]
        ctx = {
            "programme": programme, "suppliers": prog_suppliers, "financiers": financiers,
            "supplier_user": bot_supplier, "financier_user": bot_financier, "maker": makers[0],
            "checker": checkers[0], "national": national, "now": now, "rng": rng,
        }  # fmt: skip
        for state, count in PLAN:
            for i in range(count):
                _one(ctx, state, f"{n + 1}-{state[:3].upper()}-{i + 1:03d}")
                total += 1
    stdout.write(f"Finance: {len(buyers)} programmes, {total} invoices")


def _one(ctx: dict[str, Any], target: str, tag: str) -> None:
    """Walk one invoice from upload to its target state, at plausible past dates."""
    rng, now = ctx["rng"], ctx["now"]
    tenor = rng.choice((30, 45, 60, 90, 120))
    if target in (InvoiceState.FINANCED,):
        age = rng.randint(3, tenor - 16)
    elif target in (InvoiceState.OVERDUE, InvoiceState.REPAID):
        age = tenor + rng.randint(5, 40)
    elif target == InvoiceState.EXPIRED:
        age = rng.randint(12, 14)
    else:
        age = rng.randint(0, 2)
    if target not in (InvoiceState.OVERDUE, InvoiceState.REPAID):
        tenor = max(tenor, 16 + age)
    t0 = now - dt.timedelta(days=age, hours=rng.randint(1, 8))
    supplier = rng.choice(ctx["suppliers"])
    amount = rng.randrange(200_000_000, 9_000_000_000, 1_000_000)
    inv = services.invoice_submit(
        user=ctx["supplier_user"], programme=ctx["programme"], supplier=supplier,
        number=f"INV-{tag}", issue_date=(t0 - dt.timedelta(days=rng.randint(0, 5))).date(),
        due_date=t0.date() + dt.timedelta(days=tenor), amount=amount,
        tax_id=f"IR{ctx['programme'].pk}{tag.replace('-', '')}", now=t0,
        description="کالای تحویل‌شده طبق قرارداد",
        credit_notes=[{"number": f"CN-{tag}", "amount": amount // 20}] if rng.random() < 0.15
        else [],
    )  # fmt: skip
    if target == InvoiceState.SUBMITTED:
        return
    if target == InvoiceState.EXPIRED:
        services.invoice_expire(invoice=inv, now=now)
        return
    if target == InvoiceState.CANCELLED:
        services.invoice_cancel(user=ctx["supplier_user"], invoice=inv, reason="duplicate upload")
        return
    t1 = t0 + dt.timedelta(hours=5)
    services.invoice_approve(user=ctx["maker"], invoice=inv, now=t1)
    if target == InvoiceState.MAKER_APPROVED:
        return
    if target == InvoiceState.REJECTED:
        services.invoice_reject(user=ctx["checker"], invoice=inv, reason="quantity mismatch")
        return
    services.invoice_approve(user=ctx["checker"], invoice=inv, now=t1 + dt.timedelta(hours=2))
    if target == InvoiceState.ACCEPTED:
        return
    t2 = t1 + dt.timedelta(hours=20)
    opening = now - dt.timedelta(hours=2) if target == InvoiceState.AUCTION else t2
    services.invoice_request_financing(user=ctx["supplier_user"], invoice=inv, now=opening)
    for fin in rng.sample(ctx["financiers"][:-1], rng.randint(1, len(ctx["financiers"]) - 1)):
        with contextlib.suppress(ValidationError):  # a financier may be out of limit
            services.bid_place(
                user=ctx["financier_user"], invoice=inv, financier=fin,
                rate_bp=rng.randrange(1500, 3400, 25), now=opening + dt.timedelta(hours=1),
            )  # fmt: skip
    if target == InvoiceState.AUCTION:
        return
    settlement = services.bid_take(
        user=ctx["supplier_user"], invoice=inv, now=opening + dt.timedelta(hours=3)
    )
    if target == InvoiceState.TAKEN:
        return
    services.settlement_confirm(
        user=ctx["financier_user"], settlement=settlement, bank_reference=f"BK{settlement.pk:07d}",
        now=opening + dt.timedelta(hours=6),
    )  # fmt: skip
    inv.refresh_from_db()
    if target == InvoiceState.FINANCED:
        if rng.random() < 0.2:
            _repay(ctx, inv, inv.net_amount // 3, now)
        return
    if target == InvoiceState.REPAID and rng.random() < 0.7:
        _repay(ctx, inv, inv.net_amount, now)
        return
    services.invoice_mark_overdue(invoice=inv, now=now)
    services.penalty_accrue(invoice=inv, now=now)
    inv.refresh_from_db()
    if target == InvoiceState.OVERDUE:
        if rng.random() < 0.5:
            _repay(ctx, inv, inv.outstanding_penalty + inv.outstanding_principal // 2, now)
        return
    _repay(ctx, inv, inv.outstanding_penalty + inv.outstanding_principal, now)


def _repay(ctx: dict[str, Any], inv: Invoice, amount: int, now: dt.datetime) -> None:
    stl: Settlement = services.repayment_start(user=ctx["maker"], invoice=inv, amount=amount)
    services.settlement_confirm(user=ctx["national"], settlement=stl, now=now)

"""Demo readiness: declarations and three fiscal years of statements for three dozen registry
SMEs, then an assessment of each. A third are ready for the SME market (audited, profitable,
governed; the `sme` user's firm among them, its figures confirmed by nobody yet), a third fit
crowdfunding only (young, unaudited or loss-making), a third are far from either.

Deterministic (the seeded `rng`), idempotent (does nothing once a declaration exists).
"""

from typing import Any

import jdatetime
from django.utils import timezone

from karsaz.accounts.demo import DEMO_PASSWORD
from karsaz.accounts.models import User
from karsaz.capital.choices import AuditOpinion
from karsaz.capital.models import CapitalProfile, FinancialStatement
from karsaz.capital.services.readiness import assess_many
from karsaz.registry.choices import EnterpriseKind
from karsaz.registry.models import Enterprise

FIRMS = 36
B = 1_000_000_000
AUDITORS = ("مؤسسه حسابرسی آزموده‌کاران", "مؤسسه حسابرسی بهمند", "سازمان حسابرسی")


def _statements(rng: Any, firm: Enterprise, tier: int, last: int) -> list[FinancialStatement]:
    revenue = rng.randrange(80, 900) * B
    rows = []
    for back in range(3):
        year = last - back
        revenue_year = revenue * (100 - 8 * back) // 100
        if tier == 0:
            margin, opinion = rng.randrange(6, 18), AuditOpinion.UNQUALIFIED
        elif tier == 1:
            margin = rng.randrange(-6, 8)
            opinion = rng.choice((AuditOpinion.UNAUDITED, AuditOpinion.QUALIFIED))
        else:
            margin = rng.randrange(-20, 3)
            opinion = rng.choice((AuditOpinion.UNAUDITED, AuditOpinion.ADVERSE))
        net = revenue_year * margin // 100
        assets = revenue_year * rng.randrange(60, 140) // 100
        equity = assets * (rng.randrange(25, 60) if tier == 0 else rng.randrange(-10, 30)) // 100
        rows.append(
            FinancialStatement(
                enterprise=firm,
                fiscal_year=year,
                revenue=revenue_year,
                operating_profit=net * 13 // 10,
                net_profit=net,
                equity=equity,
                total_assets=assets,
                retained_earnings=net * 2 if tier == 0 else net * 3,
                audit_opinion=opinion,
                auditor=rng.choice(AUDITORS) if opinion != AuditOpinion.UNAUDITED else "",
                entered_at=timezone.now(),
            )
        )
    return rows


def _profile(rng: Any, firm: Enterprise, tier: int) -> CapitalProfile:
    if tier == 0:
        return CapitalProfile(
            enterprise=firm,
            registered_capital=rng.randrange(30, 400) * B,
            shareholders=rng.randrange(50, 400),
            float_pct=rng.randrange(10, 30),
            independent_director=True,
            audit_committee=True,
            internal_controls=rng.random() < 0.7,
            ir_officer=True,
        )
    if tier == 1:
        return CapitalProfile(
            enterprise=firm,
            registered_capital=rng.randrange(1, 30) * B,
            shareholders=rng.randrange(2, 20),
            float_pct=None,
            independent_director=rng.choice((None, False)),
            audit_committee=False,
            internal_controls=None,
            ir_officer=None,
        )
    return CapitalProfile(enterprise=firm, registered_capital=rng.randrange(1, 5) * B)


def seed(*, rng: Any, stdout: Any) -> list[tuple[str, str, str]]:
    credentials = [("sme", DEMO_PASSWORD, "an SME owner: capital-market readiness")]
    sme_user = User.objects.filter(username="sme").first()
    if sme_user is None:
        stdout.write("Capital readiness: the registry's demo users are missing; skipped.")
        return []
    if CapitalProfile.objects.exists():
        return credentials
    own = Enterprise.objects.filter(memberships__user=sme_user).order_by("id").first()
    candidates = Enterprise.objects.filter(
        kind__in=(EnterpriseKind.SME, EnterpriseKind.KNOWLEDGE_BASED)
    )
    if own is not None:
        candidates = candidates.exclude(pk=own.pk)
    firms = list(candidates.order_by("id")[: FIRMS - 1])
    if own is not None:
        firms.insert(0, own)
    last = jdatetime.date.today().year - 1
    profiles, statements = [], []
    for n, firm in enumerate(firms):
        tier = n % 3
        profiles.append(_profile(rng, firm, tier))
        statements.extend(_statements(rng, firm, tier, last))
    CapitalProfile.objects.bulk_create(profiles)
    FinancialStatement.objects.bulk_create(statements)
    assess_many([f.pk for f in firms])
    stdout.write(f"Capital readiness: {len(firms)} firms declared and assessed.")
    return credentials

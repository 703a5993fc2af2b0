"""Test (and benchmark) builders for capital readiness: a firm with its editor, an engaged
adviser, declarations and statements."""

import datetime as dt
from types import SimpleNamespace
from typing import Any

import factory

from karsaz.capital.choices import AuditOpinion, EngagementState, Market
from karsaz.capital.models import CapitalProfile, Engagement, FinancialStatement
from karsaz.registry.choices import EnterpriseKind, MembershipRole
from karsaz.registry.models import Province
from karsaz.testing.factories import EnterpriseFactory, MembershipFactory, UserFactory

B = 1_000_000_000


class StatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FinancialStatement

    fiscal_year = 1402
    revenue = 500 * B
    operating_profit = 60 * B
    net_profit = 40 * B
    equity = 120 * B
    total_assets = 400 * B
    retained_earnings = 30 * B
    audit_opinion = AuditOpinion.UNQUALIFIED
    auditor = "مؤسسه حسابرسی نمونه"


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CapitalProfile

    registered_capital = 50 * B
    shareholders = 80
    float_pct = 20
    independent_director = True
    audit_committee = True
    internal_controls = True
    ir_officer = True


def three_years(enterprise: Any, *, last: int = 1403, **fields: Any) -> list[Any]:
    return [
        StatementFactory(enterprise=enterprise, fiscal_year=year, **fields)
        for year in (last, last - 1, last - 2)
    ]


def engage(firm: Any, adviser: Any, user: Any, market: str = Market.SME_BOARD) -> Engagement:
    return Engagement.objects.create(
        enterprise=firm,
        adviser=adviser,
        market=market,
        state=EngagementState.ACTIVE,
        consented_by=user,
    )


def readiness_world() -> SimpleNamespace:
    """A Qazvin firm (owner `firm_owner`, a plain employee), a Tehran firm, an adviser firm
    (user `adviser_user`) engaged by the Qazvin firm only, and an adviser not engaged."""
    qazvin = Province.objects.get(code="26")
    tehran = Province.objects.get(code="23")
    firm = EnterpriseFactory(
        kind=EnterpriseKind.SME,
        province=qazvin,
        employees=40,
        created_at=dt.datetime(2015, 3, 1, tzinfo=dt.UTC),
    )
    other = EnterpriseFactory(kind=EnterpriseKind.SME, province=tehran, employees=12)
    adviser = EnterpriseFactory(kind=EnterpriseKind.ADMISSION_ADVISER, province=tehran)
    idle_adviser = EnterpriseFactory(kind=EnterpriseKind.ADMISSION_ADVISER, province=tehran)
    w = SimpleNamespace(firm=firm, other=other, adviser=adviser, qazvin=qazvin, tehran=tehran)
    w.owner = _member("firm_owner", firm)
    w.employee = _member("firm_employee", firm, MembershipRole.EMPLOYEE)
    w.other_owner = _member("other_owner", other)
    w.adviser_user = _member("adviser_user", adviser, MembershipRole.MANAGER)
    w.idle_adviser_user = _member("idle_adviser", idle_adviser, MembershipRole.MANAGER)
    w.engagement = engage(firm, adviser, w.owner)
    return w


def _member(username: str, enterprise: Any, role: str = MembershipRole.OWNER) -> Any:
    user = UserFactory(username=username)
    MembershipFactory(user=user, enterprise=enterprise, role=role)
    return user

"""Test builders for the technology exchange: needs, capabilities and a world of parties."""

import itertools
from types import SimpleNamespace
from typing import Any

from karsaz.accounts.choices import AgencyRole
from karsaz.registry.choices import EnterpriseKind, MembershipRole
from karsaz.registry.models import IsicActivity, Province
from karsaz.technology import services
from karsaz.technology.models import Capability, TechnologyNeed
from karsaz.testing.factories import EnterpriseFactory, MembershipFactory, UserFactory

_n = itertools.count(1)


def make_need(*, user: Any, enterprise: Any, **fields: Any) -> TechnologyNeed:
    data = {
        "enterprise": enterprise,
        "title": "نیاز به قالب تزریق پلاستیک",
        "summary": "قالب‌های تزریق فعلی ما پلیسه می‌دهند و عمر قالب کوتاه است.",
        "confidential_details": "نام مشتری اصلی: خودروساز محرمانه",
        "target_trl": 6,
        "isic": IsicActivity.objects.filter(code="22").first(),
        **fields,
    }
    return services.need_create(user=user, data=data)


def make_capability(*, user: Any, enterprise: Any, **fields: Any) -> Capability:
    data = {
        "enterprise": enterprise,
        "title": "طراحی و ساخت قالب‌های تزریق پلاستیک",
        "description": "طراحی قالب تزریق با شبیه‌سازی جریان مذاب و ساخت با فرز سی‌ان‌سی.",
        "trl": 7,
        "keywords": "قالب تزریق، راهگاه گرم",
        "sectors": list(IsicActivity.objects.filter(code="22")),
        **fields,
    }
    return services.capability_create(user=user, data=data)


def tech_world() -> SimpleNamespace:
    """An SME with a need, a knowledge-based firm and a lab with capabilities, a user on each
    side, staff and an outsider (password pass-1234-word)."""
    tag = next(_n)
    qazvin = Province.objects.get(code="26")
    tehran = Province.objects.get(code="23")
    w = SimpleNamespace()
    w.sme = EnterpriseFactory(kind=EnterpriseKind.SME, province=qazvin)
    w.firm = EnterpriseFactory(kind=EnterpriseKind.KNOWLEDGE_BASED, province=tehran)
    w.lab = EnterpriseFactory(kind=EnterpriseKind.UNIVERSITY, province=tehran)
    w.sme_user = _member(f"t-sme{tag}", w.sme)
    w.sme_employee = _member(f"t-sme-emp{tag}", w.sme, MembershipRole.EMPLOYEE)
    w.firm_user = _member(f"t-firm{tag}", w.firm)
    w.lab_user = _member(f"t-lab{tag}", w.lab)
    w.national = UserFactory(username=f"t-national{tag}", agency_role=AgencyRole.NATIONAL_STAFF)
    w.qazvin_officer = UserFactory(
        username=f"t-qazvin{tag}", agency_role=AgencyRole.PROVINCIAL_STAFF, province=qazvin
    )
    w.isfahan_officer = UserFactory(
        username=f"t-isfahan{tag}",
        agency_role=AgencyRole.PROVINCIAL_STAFF,
        province=Province.objects.get(code="10"),
    )
    w.outsider = UserFactory(username=f"t-outsider{tag}")
    w.need = make_need(user=w.sme_user, enterprise=w.sme)
    w.capability = make_capability(user=w.firm_user, enterprise=w.firm)
    w.lab_capability = make_capability(
        user=w.lab_user,
        enterprise=w.lab,
        title="آزمایشگاه آزمون مواد غذایی",
        description="آزمون میکروبی و تعیین ماندگاری محصولات لبنی.",
        keywords="ماندگاری، لبنیات",
        sectors=list(IsicActivity.objects.filter(code="10")),
    )
    return w


def _member(username: str, enterprise: Any, role: str = MembershipRole.OWNER) -> Any:
    user = UserFactory(username=username)
    MembershipFactory(user=user, enterprise=enterprise, role=role)
    return user

"""Test data for crowdfunding campaigns: a firm, a platform, investors and open campaigns."""

import datetime as dt
from types import SimpleNamespace
from typing import Any

import factory
from django.utils import timezone

from karsaz.capital.choices import CampaignState, Instrument
from karsaz.capital.models import Campaign, RuleSet
from karsaz.core.persian import to_persian_digits
from karsaz.registry.choices import EnterpriseKind, MembershipRole
from karsaz.testing.factories import EnterpriseFactory, MembershipFactory, UserFactory


def crowdfunding_rules() -> RuleSet:
    """The crowdfunding rule set migration 0002 loads (re-made after a transactional flush)."""
    rules, _created = RuleSet.objects.get_or_create(
        market="crowdfunding",
        version=1,
        defaults={
            "title_fa": "تأمین مالی جمعی",
            "title_en": "Crowdfunding",
            "own_contribution_min_pct": 10,
            "campaign_max_days": 60,
            "person_share_max_pct": 5,
            "person_annual_cap": 5_000_000_000,
        },
    )
    return rules


def uncapped_rules() -> RuleSet:
    """A retired rule-set version without the per-person share cap, for campaigns one investor
    fills alone (the version in force stays as migrated)."""
    rules, _created = RuleSet.objects.get_or_create(
        market="crowdfunding",
        version=99,
        defaults={
            "title_fa": "بدون سقف",
            "title_en": "Uncapped",
            "active": False,
            "own_contribution_min_pct": 10,
            "campaign_max_days": 60,
            "person_share_max_pct": 100,
            "person_annual_cap": 5_000_000_000,
        },
    )
    return rules


class CampaignFactory(factory.django.DjangoModelFactory):
    """An open campaign by default: opened a day ago, closing in 30 days, target 1,000,000,000."""

    class Meta:
        model = Campaign

    enterprise = factory.SubFactory(EnterpriseFactory, kind=EnterpriseKind.SME)
    platform = factory.SubFactory(EnterpriseFactory, kind=EnterpriseKind.FUNDING_PLATFORM)
    rule_set = factory.LazyFunction(crowdfunding_rules)
    title = factory.Sequence(lambda n: f"طرح تأمین مالی {to_persian_digits(n)}")
    instrument = Instrument.EQUITY
    terms = "سهام عادی، ۱۰٪ از سرمایه"
    use_of_funds = "خرید ماشین‌آلات خط تولید"
    target = 1_000_000_000
    minimum_pledge = 1_000_000
    own_contribution = 100_000_000
    fee_bp = 300
    opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))
    state = CampaignState.OPEN
    created_by = factory.SubFactory(UserFactory)


def campaign_world(**campaign: Any) -> SimpleNamespace:
    """A firm with its owner, a platform with its operator, three investors, one open campaign."""
    firm = EnterpriseFactory(kind=EnterpriseKind.SME)
    owner = UserFactory()
    MembershipFactory(user=owner, enterprise=firm, role=MembershipRole.OWNER)
    platform = EnterpriseFactory(kind=EnterpriseKind.FUNDING_PLATFORM)
    operator = UserFactory()
    MembershipFactory(user=operator, enterprise=platform, role=MembershipRole.MANAGER)
    investors = [UserFactory() for _ in range(3)]
    c = CampaignFactory(enterprise=firm, platform=platform, created_by=owner, **campaign)
    return SimpleNamespace(
        firm=firm,
        owner=owner,
        platform=platform,
        operator=operator,
        investors=investors,
        a=investors[0],
        b=investors[1],
        c=investors[2],
        campaign=c,
    )

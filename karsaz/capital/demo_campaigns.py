"""Demo crowdfunding: one licensed platform (user `platform`), the `investor` and 24 other
investors, and campaigns at every state — one succeeded (its first report overdue: a warning),
one failed (every pledge refunded), one open (`investor` may pledge to it), one awaiting the
platform's approval and one draft. Every rial goes through the services, hence the ledger.
Deterministic and idempotent: a second run finds the platform's campaigns and stops."""

import datetime as dt
from typing import Any

from django.utils import timezone

from karsaz.accounts.demo import DEMO_PASSWORD, demo_user
from karsaz.accounts.models import User
from karsaz.capital import services
from karsaz.capital.choices import CampaignState
from karsaz.capital.models import Campaign
from karsaz.core.validators import national_id_with_check
from karsaz.registry.choices import EnterpriseKind, MembershipRole
from karsaz.registry.models import Enterprise, Membership, Province

PLATFORM_ID = national_id_with_check("1400999000")
INVESTORS = 24
FIRST = ("امید", "نرگس", "کاوه", "شیرین", "بهرام", "مینا", "پویا", "الهام")
LAST = ("رحیمی", "اکبری", "یزدانی", "قاسمی", "شریفی", "نیک‌نام")


def _platform() -> Enterprise:
    platform = Enterprise.objects.filter(national_id=PLATFORM_ID).first()
    if platform is None:
        platform = Enterprise.objects.create(
            name_fa="سکوی تأمین مالی جمعی کارآفرین",
            name_en="Karafarin Crowdfunding Platform",
            kind=EnterpriseKind.FUNDING_PLATFORM,
            national_id=PLATFORM_ID,
            province=Province.objects.get(code="23"),
            city="تهران",
        )
    return platform


def _terms(
    firm: Enterprise,
    title: str,
    target: int,
    opens: dt.datetime,
    days: int,
    instrument: str = "equity",
) -> dict[str, Any]:
    return {
        "title": title,
        "instrument": instrument,
        "terms": "سهام عادی، ۱۵٪ از سرمایهٔ شرکت"
        if instrument == "equity"
        else "اوراق مشارکت ۲۴ ماهه، سود سالانهٔ ۲۳٪",
        "use_of_funds": "خرید ماشین‌آلات، سرمایهٔ در گردش و توسعهٔ بازار " + firm.name_fa,
        "target": target,
        "minimum_pledge": 1_000_000,
        "own_contribution": target // 10,
        "fee_bp": 250,
        "opens_at": opens,
        "closes_at": opens + dt.timedelta(days=days),
    }


def _open(campaign: Campaign, approver: User) -> None:
    """A campaign of the past, opened as the platform had approved it then."""
    Campaign.objects.filter(pk=campaign.pk).update(
        state=CampaignState.OPEN, approved_by=approver, approved_at=campaign.opens_at
    )
    campaign.refresh_from_db()


def seed(*, rng: Any, stdout: Any) -> list[tuple[str, str, str]]:
    credentials = [
        ("platform", DEMO_PASSWORD, "operator of the licensed crowdfunding platform"),
        ("investor", DEMO_PASSWORD, "investor with pledges, a holding and an open campaign"),
        ("investor-01", DEMO_PASSWORD, "another investor"),
    ]
    sme_user = User.objects.filter(username="sme").first()
    if sme_user is None:
        stdout.write("Capital campaigns: the registry's demo users are missing; skipped.")
        return []
    platform = _platform()
    operator = demo_user(
        "platform", first_name="فرهاد", last_name="ملکی", email="platform@karsaz.example"
    )
    Membership.objects.get_or_create(
        user=operator, enterprise=platform, defaults={"role": MembershipRole.MANAGER}
    )
    investor = demo_user(
        "investor", first_name="پرستو", last_name="عباسی", email="investor@karsaz.example"
    )
    others = [
        demo_user(
            f"investor-{i:02d}",
            first_name=FIRST[i % len(FIRST)],
            last_name=LAST[i % len(LAST)],
            email=f"investor-{i:02d}@karsaz.example",
        )
        for i in range(1, INVESTORS + 1)
    ]
    if Campaign.objects.filter(platform=platform).exists():
        return credentials

    sme_firm = Enterprise.objects.filter(memberships__user=sme_user).order_by("pk").first()
    firms = list(
        Enterprise.objects.filter(kind=EnterpriseKind.SME)
        .exclude(pk=getattr(sme_firm, "pk", 0))
        .order_by("pk")[:4]
    )
    if sme_firm is None or len(firms) < 4:
        stdout.write("Capital campaigns: not enough demo firms; skipped.")
        return credentials
    # Each firm's founder (a demo user, owner of the firm) drafts its campaign.
    founders = {sme_firm.pk: sme_user}
    for i, firm in enumerate(firms, start=1):
        founder = demo_user(
            f"founder-{i}",
            first_name=FIRST[-i],
            last_name=LAST[-i],
            email=f"founder-{i}@karsaz.example",
        )
        Membership.objects.get_or_create(
            user=founder, enterprise=firm, defaults={"role": MembershipRole.OWNER}
        )
        founders[firm.pk] = founder
    now = timezone.now()

    def draft(firm: Enterprise, **terms: Any) -> Campaign:
        return services.campaign_draft(
            user=founders[firm.pk], enterprise=firm, platform=platform, **terms
        )

    # 1. Succeeded ~7 months ago: 20 investors at the 5% cap and the `investor`; first report
    #    overdue (a warning to the platform and the agency).
    opens = now - dt.timedelta(days=260)
    won = draft(
        firms[0], **_terms(firms[0], "توسعهٔ خط بسته‌بندی مواد غذایی", 2_000_000_000, opens, 45)
    )
    _open(won, operator)
    t = opens + dt.timedelta(days=1)
    amounts = [100_000_000] * 19 + [60_000_000]
    for i, (person, amount) in enumerate(zip(others[:20], amounts, strict=True)):
        services.pledge_create(
            user=person, campaign=won, amount=amount, now=t + dt.timedelta(hours=i)
        )
    services.pledge_create(
        user=investor, campaign=won, amount=40_000_000, now=t + dt.timedelta(days=2)
    )
    services.campaign_close(campaign=won, now=won.closes_at)

    # 2. Failed ~3 months ago: refunds to everyone.
    opens = now - dt.timedelta(days=120)
    lost = draft(
        firms[1],
        **_terms(firms[1], "ساخت نمونهٔ اولیهٔ حسگر صنعتی", 3_000_000_000, opens, 50, "debt"),
    )
    _open(lost, operator)
    for i, person in enumerate([investor, *others[:6]]):
        services.pledge_create(
            user=person,
            campaign=lost,
            amount=rng.randrange(5, 120) * 1_000_000,
            now=opens + dt.timedelta(days=1, hours=i),
        )
    services.campaign_close(campaign=lost, now=lost.closes_at)

    # 3. Open now (the sme's firm): a few pledges; the `investor` may pledge to it.
    opens = now - dt.timedelta(days=10)
    live = draft(
        sme_firm, **_terms(sme_firm, "افزایش ظرفیت تولید قطعات خودرو", 1_500_000_000, opens, 45)
    )
    _open(live, operator)
    for i, person in enumerate(others[6:12]):
        services.pledge_create(
            user=person,
            campaign=live,
            amount=rng.randrange(10, 70) * 1_000_000,
            now=opens + dt.timedelta(days=1, hours=i),
        )

    # 4. Awaiting the platform's approval, 5. a draft.
    soon = now + dt.timedelta(days=7)
    waiting = draft(
        firms[2], **_terms(firms[2], "راه‌اندازی فروشگاه برخط صنایع دستی", 800_000_000, soon, 40)
    )
    services.campaign_submit(user=waiting.created_by, campaign=waiting)
    draft(
        firms[3],
        **_terms(
            firms[3],
            "تجهیز آزمایشگاه کنترل کیفیت",
            1_200_000_000,
            soon + dt.timedelta(days=7),
            30,
            "debt",
        ),
    )
    services.reports_flag_overdue(now=now)
    stdout.write(f"Capital campaigns: {Campaign.objects.filter(platform=platform).count()}")
    return credentials

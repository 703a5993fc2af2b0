"""Demo clinics: three accredited consultancies, their consultants and a year of cases.

The demo user `consultant` is a consultant of the first clinic (their own consultancy); `sme`
has a case closed seven months ago, so its 6-month impact follow-up waits for them.
Deterministic (the seeded `rng`), idempotent (does nothing once clinics exist), seconds to run.
"""

import datetime as dt
from typing import Any

from django.db.models import Q
from django.utils import timezone

from karsaz.accounts.demo import DEMO_PASSWORD, demo_user
from karsaz.accounts.models import User
from karsaz.clinics import diagnostic
from karsaz.clinics.choices import (
    ActionStatus,
    Area,
    CaseState,
    FollowUpStatus,
    SessionMode,
)
from karsaz.clinics.models import (
    ActionItem,
    Case,
    CaseSession,
    Clinic,
    Consultant,
    FollowUp,
    Satisfaction,
    add_months,
)
from karsaz.registry.choices import EnterpriseKind, MembershipRole
from karsaz.registry.models import Enterprise, Membership, Province

PROVINCES = ("26", "23", "10", "30", "09")  # Qazvin, Tehran, Isfahan, Alborz, Razavi Khorasan
CONSULTANTS = (
    # username, first, last, clinic index, specialties, provinces, capacity
    ("consultant", None, None, 0, ("strategy", "finance", "marketing"), ("26", "30", "23"), 8),
    ("clinic-fin", "بهرام", "شریفی", 0, ("finance", "export"), ("26", "30"), 6),
    ("clinic-ops", "مینا", "رستمی", 1, ("operations", "technology"), ("23", "30", "26"), 6),
    ("clinic-hr", "کاوه", "یزدانی", 1, ("people", "strategy"), ("23",), 5),
    ("clinic-exp", "الهام", "قاسمی", 2, ("export", "marketing", "technology"), ("10", "09"), 6),
)
PROBLEMS = (
    "فروش دو سال است کاهش یافته و نمی‌دانیم کدام محصول سود می‌دهد.",
    "کمبود نقدینگی باعث توقف خرید مواد اولیه شده است.",
    "می‌خواهیم صادرات به عراق و ارمنستان را شروع کنیم.",
    "ضایعات خط تولید زیاد است و سفارش‌ها دیر تحویل می‌شوند.",
    "نیروهای کلیدی را از دست می‌دهیم و برنامهٔ آموزشی نداریم.",
    "ماشین‌آلات فرسوده‌اند و برای نوسازی به فناوری و تأمین مالی نیاز داریم.",
)
NOTES = (
    "بررسی صورت‌های مالی سه سال اخیر؛ بهای تمام‌شده محصول اصلی محاسبه شد.",
    "بازدید از خط تولید؛ دو گلوگاه در بسته‌بندی شناسایی شد.",
    "جلسه با مدیرعامل دربارهٔ بازارهای هدف صادراتی.",
    "تدوین برنامهٔ نقدینگی شش‌ماهه و مذاکره با بانک.",
    "کارگاه آموزشی فروش برای تیم بازاریابی برگزار شد.",
)
ACTIONS = (
    ("تهیهٔ بودجهٔ نقدی ماهانه", "مدیر مالی"),
    ("قیمت‌گذاری دوباره سه محصول کم‌سود", "مدیر فروش"),
    ("اخذ گواهی استاندارد برای بازار هدف", "مدیر کیفیت"),
    ("استقرار نگهداری پیشگیرانه", "مدیر تولید"),
)


def _answers(rng: Any, weak: set[str]) -> dict[str, int]:
    answers = {}
    for q in diagnostic.QUESTIONS:
        good = rng.choice((4, 5)) if q.area not in weak else rng.choice((1, 2))
        if rng.random() < 0.2:
            good = 3
        answers[q.code] = 6 - good if q.reverse else good
    return answers


def seed(*, rng: Any, stdout: Any) -> list[tuple[str, str, str]]:
    credentials = [
        ("consultant", DEMO_PASSWORD, "consultant of the first business clinic"),
        ("clinic-ops", DEMO_PASSWORD, "consultant of the second business clinic"),
    ]
    if Clinic.objects.exists():
        return credentials
    consultant_user = User.objects.filter(username="consultant").first()
    if consultant_user is None:
        stdout.write("Clinics: the registry's demo users are missing; skipped.")
        return []
    first = (
        Enterprise.objects.filter(
            kind=EnterpriseKind.CONSULTANCY, memberships__user=consultant_user
        ).first()
        or Enterprise.objects.filter(kind=EnterpriseKind.CONSULTANCY).order_by("id").first()
    )
    if first is None:
        return []
    others = list(
        Enterprise.objects.filter(kind=EnterpriseKind.CONSULTANCY, province__code__in=("23", "10"))
        .exclude(pk=first.pk)
        .order_by("province__code", "id")
    )
    by_province = {e.province.code: e for e in reversed(others)}
    firms = [first, by_province.get("23", others[0]), by_province.get("10", others[-1])]
    today = timezone.localdate()
    clinics = [
        Clinic.objects.create(
            enterprise=e, accredited_until=today + dt.timedelta(days=365 + 90 * i)
        )
        for i, e in enumerate(firms)
    ]
    provinces = {p.code: p for p in Province.objects.filter(code__in=PROVINCES)}
    consultants: list[Consultant] = []
    for username, first_name, last, idx, specialties, served, capacity in CONSULTANTS:
        user = (
            consultant_user
            if username == "consultant"
            else demo_user(
                username, first_name=first_name, last_name=last, email=f"{username}@karsaz.example"
            )
        )
        Membership.objects.get_or_create(
            user=user, enterprise=clinics[idx].enterprise,
            defaults={"role": MembershipRole.EMPLOYEE, "title": "مشاور"},
        )  # fmt: skip
        consultant = Consultant.objects.create(
            user=user,
            clinic=clinics[idx],
            specialties=list(specialties),
            languages=["fa", "en"] if idx != 2 else ["fa", "en", "ar"],
            capacity=capacity,
            accreditation_expires=today + dt.timedelta(days=200 + 60 * len(consultants)),
        )
        consultant.provinces.set([provinces[c] for c in served])
        consultants.append(consultant)
    _cases(rng, consultants, provinces)
    stdout.write(
        f"Clinics: {len(clinics)} clinics, {len(consultants)} consultants, "
        f"{Case.objects.count()} cases"
    )
    return credentials


def _cases(rng: Any, consultants: list[Consultant], provinces: dict[str, Province]) -> None:
    national = User.objects.filter(username="national").first()
    sme_user = User.objects.filter(username="sme").first()
    smes = list(
        Enterprise.objects.filter(kind=EnterpriseKind.SME, province__code__in=PROVINCES)
        .exclude(memberships__user__username="sme")
        .order_by("id")[:400]
    )
    sme_firm = Enterprise.objects.filter(memberships__user=sme_user).first() if sme_user else None
    chosen = rng.sample(smes, min(64, len(smes)))
    now = timezone.now()
    plans: list[tuple[Enterprise, int]] = [(e, rng.randint(8, 365)) for e in chosen]
    if sme_firm is not None:
        plans.append((sme_firm, 300))  # closed about seven months ago: the 6-month follow-up is due
    for enterprise, age in plans:
        requested = now - dt.timedelta(days=age, hours=rng.randint(0, 8))
        weak = set(rng.sample(Area.values, rng.randint(1, 3)))
        answers = _answers(rng, weak)
        scores = diagnostic.area_scores(answers)
        member = enterprise.memberships.select_related("user").first()
        requester: Any = (sme_user if enterprise is sme_firm else None) or (
            member.user if member else national
        )
        case = Case.objects.create(
            enterprise=enterprise,
            province=enterprise.province,
            problem=rng.choice(PROBLEMS),
            answers=answers,
            scores=scores,
            urgent_areas=diagnostic.urgent_areas(scores),
            requested_by=requester,
            created_at=requested,
            last_activity_at=requested,
        )
        serving = [
            c for c in consultants if c.provinces.filter(pk=enterprise.province_id).exists()
        ] or consultants
        if age < 12 and rng.random() < 0.6 and enterprise is not sme_firm:
            continue  # still waiting for assignment
        consultant = max(
            serving,
            key=lambda c: (len(set(c.specialties) & set(case.urgent_areas)), rng.random()),
        )
        assigned = requested + dt.timedelta(days=rng.randint(1, 6))
        case.consultant, case.clinic, case.assigned_at = consultant, consultant.clinic, assigned
        case.state = CaseState.ASSIGNED
        last = assigned
        sessions = rng.randint(1, 5) if age > 20 else rng.randint(0, 1)
        day = assigned.date() + dt.timedelta(days=rng.randint(2, 12))
        for _ in range(sessions):
            if day > now.date():
                break
            CaseSession.objects.create(
                case=case,
                date=day,
                minutes=rng.choice((60, 90, 120, 180)),
                mode=rng.choice(SessionMode.values),
                notes=rng.choice(NOTES),
                created_by=consultant.user,
            )
            case.first_session_on = case.first_session_on or day
            case.state = CaseState.IN_PROGRESS
            last = timezone.make_aware(dt.datetime.combine(day, dt.time(11)))
            day += dt.timedelta(days=rng.randint(7, 30))
        for title, owner in rng.sample(ACTIONS, 2):
            ActionItem.objects.create(
                case=case,
                title=title,
                owner=owner,
                due_date=assigned.date() + dt.timedelta(days=rng.randint(20, 120)),
                status=rng.choice(ActionStatus.values) if age > 60 else ActionStatus.OPEN,
                created_by=consultant.user,
            )
        # The demo user's case always closes: its due follow-up is what the `sme` login shows.
        stale = rng.random() < 0.1 and enterprise is not sme_firm
        case.last_activity_at = last
        if age > 100 and case.state == CaseState.IN_PROGRESS and not stale:
            closed = min(last + dt.timedelta(days=rng.randint(5, 40)), now)
            _close(rng, case, closed, consultant, requester)
        elif age > 90 and rng.random() < 0.05:
            case.state = CaseState.CANCELLED
            case.cancel_reason = "مشتری انصراف داد"
        case.save()


def _close(rng: Any, case: Case, closed: dt.datetime, consultant: Consultant, client: Any) -> None:
    case.state = CaseState.CLOSED
    case.closed_at = closed
    case.last_activity_at = closed
    case.outcome = "برنامهٔ اقدام تحویل شد و نخستین اقدام‌ها اجرا شده‌اند."
    now = timezone.now()
    for months in (6, 12):
        due = add_months(closed.date(), months)
        followup = FollowUp(case=case, months=months, due_on=due)
        if due <= now.date() and rng.random() < 0.7 and case.enterprise.memberships.filter(
            Q(user__username="sme")
        ).count() == 0:  # fmt: skip
            followup.jobs_created = rng.randint(0, 12)
            followup.jobs_retained = rng.randint(5, 60)
            followup.sales_change = rng.randint(-2, 30) * 100_000_000
            followup.financing_obtained = rng.choice((0, 0, 5, 20, 50)) * 1_000_000_000
            followup.new_products = rng.randint(0, 3)
            followup.exports = rng.choice((0, 0, 0, 3, 12)) * 1_000_000_000
            followup.status = FollowUpStatus.CONFIRMED
            followup.recorded_by = consultant.user
            followup.recorded_at = timezone.make_aware(dt.datetime.combine(due, dt.time(10)))
            followup.confirmed_by = client
            followup.confirmed_at = followup.recorded_at
        followup.save()
    if rng.random() < 0.75 and client is not None:
        Satisfaction.objects.create(
            case=case,
            score=rng.choice((3, 4, 4, 5, 5, 5)),
            would_recommend=rng.random() < 0.85,
            submitted_by=client,
            submitted_at=closed + dt.timedelta(days=3),
        )

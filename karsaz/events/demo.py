"""Demo events: the past Qazvin regional technology exhibition (with outcomes) and an upcoming
event open for meeting requests. Deterministic, idempotent, a few seconds.

The past event is history, so its rows are written directly (its registration and request
windows are long closed); its schedule still comes from the real scheduler.
"""

import datetime as dt
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from karsaz.accounts.demo import DEMO_PASSWORD
from karsaz.accounts.models import User
from karsaz.events import scheduling, services
from karsaz.events.choices import (
    DealDocument,
    DealKind,
    DealStatus,
    FollowUpAnswer,
    MeetingStatus,
    ParticipantStatus,
    Priority,
    RequestStatus,
)
from karsaz.events.models import (
    Deal,
    Delegate,
    Event,
    FollowUp,
    Meeting,
    MeetingRating,
    MeetingRequest,
    Participant,
    ScheduleRun,
)
from karsaz.events.scheduler import parse_instance, solve
from karsaz.registry.choices import EnterpriseKind, MembershipRole
from karsaz.registry.models import Enterprise, Membership, Province

PAST_NAME = "نمایشگاه منطقه‌ای نیازهای فناوری صنایع کوچک و متوسط قزوین"
UPCOMING_NAME = "رویداد ملاقات‌های تجاری فناوری و تأمین قزوین"
DEMO_USERS = ("sme", "techfirm", "lab", "buyer")
NEEDS = (
    "خط بسته‌بندی خودکار", "کاهش مصرف انرژی کوره", "کنترل کیفیت با بینایی ماشین",
    "تأمین قطعات ریخته‌گری", "نرم‌افزار برنامه‌ریزی تولید", "بازیافت پساب صنعتی",
)  # fmt: skip
OFFERS = (
    "طراحی و ساخت ماشین‌آلات", "خدمات آزمایشگاهی و کالیبراسیون", "اینترنت اشیای صنعتی",
    "مشاوره بهره‌وری انرژی", "قطعات دقیق ماشین‌کاری", "تأمین مواد اولیه پلیمری",
)  # fmt: skip


def seed(*, rng: Any, stdout: Any) -> list[tuple[str, str, str]]:
    if Event.objects.filter(name_fa=PAST_NAME).exists():
        return []
    qazvin = Province.objects.get(code="26")
    organizer = User.objects.filter(username="qazvin").first()
    national = User.objects.filter(username="national").first()
    if organizer is None or not Enterprise.objects.exists():
        stdout.write("Events: skipped (needs the registry and accounts demo data)")
        return []
    with transaction.atomic():
        delegates_pool = _delegates(rng, qazvin)
        past = _past_event(rng, organizer, national, qazvin, delegates_pool)
        upcoming = _upcoming_event(rng, organizer, national, qazvin, delegates_pool)
    stdout.write(
        f"Events: «{past.name_en}» with {past.meetings.count()} meetings and "
        f"{past.deals.count()} deals; «{upcoming.name_en}» open for requests"
    )
    return []


def _delegates(rng: Any, qazvin: Province) -> list[tuple[Enterprise, User]]:
    """The demo users' enterprises and 20 more enterprises, each with one delegate."""
    pool: list[tuple[Enterprise, User]] = []
    for username in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        membership = Membership.objects.filter(user=user).select_related("enterprise").first()
        if user and membership:
            pool.append((membership.enterprise, user))
    taken = {e.pk for e, _u in pool}
    kinds = [EnterpriseKind.SME] * 10 + [EnterpriseKind.KNOWLEDGE_BASED] * 6
    kinds += [EnterpriseKind.UNIVERSITY, EnterpriseKind.ANCHOR_BUYER] * 2
    password = make_password(DEMO_PASSWORD)
    for n, kind in enumerate(kinds, start=1):
        candidates = list(
            Enterprise.objects.filter(kind=kind, province=qazvin)
            .exclude(pk__in=taken)
            .order_by("id")[:30]
        ) or list(Enterprise.objects.filter(kind=kind).exclude(pk__in=taken).order_by("id")[:30])
        if not candidates:
            continue
        enterprise = rng.choice(candidates)
        taken.add(enterprise.pk)
        user, _created = User.objects.get_or_create(
            username=f"delegate{n:02d}",
            defaults={
                "first_name": "نماینده",
                "last_name": enterprise.name_fa[:40],
                "email": f"delegate{n:02d}@karsaz.example",
                "password": password,
            },
        )
        Membership.objects.get_or_create(
            user=user, enterprise=enterprise, defaults={"role": MembershipRole.MANAGER}
        )
        pool.append((enterprise, user))
    return pool


def _event(
    organizer: User, national: User | None, qazvin: Province, *, tables: int = 8, **fields: Any
) -> Event:
    event = services.event_create(
        user=organizer,
        data={
            "venue": "محل دائمی نمایشگاه‌های بین‌المللی قزوین",
            "province": qazvin,
            "city": "قزوین",
            "day_start": dt.time(9, 0),
            "day_end": dt.time(17, 0),
            "slot_minutes": 30,
            "breaks": [["12:30", "13:30"]],
            "request_expiry_hours": 72,
            **fields,
        },
        tables=tables,
    )
    if national is not None:
        event.organizers.add(national)
    return event


def _register(
    event: Event, pool: list[tuple[Enterprise, User]], rng: Any, *, status: str
) -> list[Delegate]:
    out = []
    for enterprise, user in pool:
        participant = Participant.objects.create(
            event=event,
            enterprise=enterprise,
            status=status,
            registered_by=user,
            looking_for=rng.choice(NEEDS),
            offering=rng.choice(OFFERS),
            decided_at=timezone.now(),
        )
        out.append(Delegate.objects.create(event=event, participant=participant, user=user))
    return out


def _past_event(
    rng: Any,
    organizer: User,
    national: User | None,
    qazvin: Province,
    pool: list[tuple[Enterprise, User]],
) -> Event:
    start = timezone.localdate() - dt.timedelta(days=75)
    opened = timezone.now() - dt.timedelta(days=120)
    event = _event(
        organizer,
        national,
        qazvin,
        name_fa=PAST_NAME,
        name_en="Qazvin regional exhibition of SME technology needs",
        description="نخستین نمایشگاه منطقه‌ای برای دیدار نیازهای فناوری صنایع کوچک و متوسط "
        "با شرکت‌های دانش‌بنیان، دانشگاه‌ها و خریداران بزرگ.",
        starts_on=start,
        days=2,
        booths=40,
        registration_opens=opened,
        registration_closes=opened + dt.timedelta(days=30),
        requests_close=opened + dt.timedelta(days=40),
    )
    event.published_at = opened + dt.timedelta(days=41)
    event.save(update_fields=["published_at"])
    delegates = _register(event, pool, rng, status=ParticipantStatus.APPROVED)
    _requests(event, delegates, rng, answered=True, when=opened + dt.timedelta(days=32))
    _schedule(event, organizer, published=True)
    # Outcomes: most meetings took place, a few no-shows, ratings and a second-stage survey.
    meetings = list(
        Meeting.objects.filter(event=event, status=MeetingStatus.SCHEDULED).select_related(
            "request"
        )
    )
    held = []
    for meeting in meetings:
        if rng.random() < 0.1:
            meeting.status, meeting.requester_held, meeting.recipient_held = (
                MeetingStatus.NO_SHOW,
                True,
                False,
            )
            meeting.seats.all().delete()
        else:
            meeting.status, meeting.requester_held, meeting.recipient_held = (
                MeetingStatus.HELD,
                True,
                True,
            )
            held.append(meeting)
        meeting.save(update_fields=["status", "requester_held", "recipient_held"])
    # Whoever came to a meeting checked in at the desk that morning (a no-show's host too).
    came = {m.request.requester_id for m in meetings}
    came |= {m.request.recipient_id for m in held}
    morning = timezone.make_aware(dt.datetime.combine(start, dt.time(8, 30)))
    Delegate.objects.filter(pk__in=came).update(checked_in_at=morning)
    for meeting in held:
        for delegate_id in (meeting.request.requester_id, meeting.request.recipient_id):
            MeetingRating.objects.create(
                meeting=meeting, delegate_id=delegate_id, score=rng.choice([3, 4, 4, 5, 5])
            )
            FollowUp.objects.create(
                meeting=meeting,
                delegate_id=delegate_id,
                answer=rng.choice(
                    [
                        FollowUpAnswer.NO_CONTACT,
                        FollowUpAnswer.NEGOTIATING,
                        FollowUpAnswer.AGREEMENT,
                    ]
                ),
            )
    # Deals that add up to the article's 33 billion rials.
    values = [9_500_000_000, 7_200_000_000, 6_000_000_000, 4_800_000_000, 3_500_000_000]
    values.append(33_000_000_000 - sum(values))
    kinds = list(DealKind)
    for n, value in enumerate(values if held else []):
        meeting = held[n * 3 % len(held)]
        deal = Deal.objects.create(
            event=event,
            meeting=meeting,
            kind=kinds[n % len(kinds)],
            document=DealDocument.CONTRACT if n % 2 == 0 else DealDocument.MOU,
            value_rials=value,
            signed_on=start + dt.timedelta(days=n % 2),
            title=f"{kinds[n % len(kinds)].label} — {meeting.request.requester.participant}",
            recorded_by=organizer,
            status=DealStatus.CONFIRMED,  # recorded by the organizer: confirmed for both parties
            confirmed_at=timezone.now(),
        )
        parties = [
            meeting.request.requester.participant.enterprise,
            meeting.request.recipient.participant.enterprise,
        ]
        deal.parties.set(parties)
        deal.confirmed_parties.set(parties)
    return event


def _requests(
    event: Event, delegates: list[Delegate], rng: Any, *, answered: bool, when: dt.datetime
) -> None:
    pairs: set[tuple[int, int]] = set()
    for delegate in delegates:
        for other in rng.sample(delegates, k=min(4, len(delegates))):
            key = (min(delegate.pk, other.pk), max(delegate.pk, other.pk))
            if other.pk == delegate.pk or key in pairs:
                continue
            pairs.add(key)
            status = RequestStatus.PENDING
            if answered:
                status = RequestStatus.ACCEPTED if rng.random() < 0.85 else RequestStatus.DECLINED
            req = MeetingRequest.objects.create(
                event=event,
                requester=delegate,
                recipient=other,
                priority=Priority.MUST if rng.random() < 0.3 else Priority.WOULD_LIKE,
                message="مایلیم درباره همکاری فنی گفتگو کنیم.",
                status=status,
                created_at=when,
                expires_at=when + dt.timedelta(hours=event.request_expiry_hours),
                answered_at=when if answered else None,
            )
            if status == RequestStatus.ACCEPTED:
                Meeting.objects.create(event=event, request=req)


def _schedule(event: Event, organizer: User, *, published: bool) -> None:
    run = ScheduleRun.objects.create(event=event, started_by=organizer, time_limit_s=3)
    instance = parse_instance(scheduling.build_instance(event, time_limit_s=3))
    scheduling.schedule_apply(run=run, schedule=solve(instance, workers=1))
    if published:
        Meeting.objects.filter(event=event, status=MeetingStatus.SCHEDULED).update(published=True)


def _upcoming_event(
    rng: Any,
    organizer: User,
    national: User | None,
    qazvin: Province,
    pool: list[tuple[Enterprise, User]],
) -> Event:
    now = timezone.now()
    event = _event(
        organizer,
        national,
        qazvin,
        name_fa=UPCOMING_NAME,
        name_en="Qazvin technology and supply B2B meetings",
        description="دو روز ملاقات‌های از پیش برنامه‌ریزی‌شده میان صنایع، شرکت‌های دانش‌بنیان "
        "و خریداران بزرگ استان.",
        starts_on=timezone.localdate() + dt.timedelta(days=21),
        days=2,
        booths=30,
        registration_opens=now - dt.timedelta(days=10),
        registration_closes=now + dt.timedelta(days=14),
        requests_close=now + dt.timedelta(days=18),
    )
    # The demo users and most others are approved; the last few still await approval.
    approved, waiting = pool[:-3], pool[-3:]
    delegates = _register(event, approved, rng, status=ParticipantStatus.APPROVED)
    _register(event, waiting, rng, status=ParticipantStatus.PENDING)
    by_user = {d.user.username: d for d in delegates}
    sme, techfirm, buyer = by_user.get("sme"), by_user.get("techfirm"), by_user.get("buyer")
    if sme and techfirm and buyer:
        # One pending request for `sme` to answer, one already accepted.
        services.request_create(
            user=techfirm.user,
            event=event,
            recipient=sme,
            priority=Priority.MUST,
            message="راهکار پایش انرژی کوره‌های شما را معرفی می‌کنیم.",
        )
        accepted = services.request_create(
            user=buyer.user,
            event=event,
            recipient=sme,
            priority=Priority.WOULD_LIKE,
            message="به دنبال تأمین‌کننده قطعات ریخته‌گری هستیم.",
        )
        services.request_answer(user=sme.user, request=accepted, accept=True)
    others = [d for d in delegates if d.user.username.startswith("delegate")]
    _requests(event, others, rng, answered=True, when=now - dt.timedelta(days=2))
    return event

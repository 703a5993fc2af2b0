"""Writes for events: registration, approval, meeting requests, event day and outcomes.

Every function runs in one transaction, validates fully and raises ValidationError with field
keys (or PermissionDenied). Concurrency: writes that touch a meeting or a request first lock
the event row (`_lock_event`), then the delegates in id order, so two people booking at once
are serialised; the unique constraints on Seat, Meeting and MeetingRequest stay the last guard.
Scheduling and meeting moves live in `scheduling.py`.
"""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from karsaz.core.money import rial_error
from karsaz.core.persian import normalize
from karsaz.core.tasks import send_email
from karsaz.core.textlimits import TEXT_MAX, check_lengths, model_text_limits
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
    Notification,
    Participant,
    Slot,
    Table,
)
from karsaz.events.permissions import can_create_event, is_organizer, is_party, require
from karsaz.events.slots import slot_times
from karsaz.registry.choices import MembershipRole
from karsaz.registry.models import Enterprise, Membership

EVENT_FIELDS = (
    "name_fa", "name_en", "venue", "province", "city", "description", "starts_on", "days",
    "day_start", "day_end", "slot_minutes", "breaks", "booths", "registration_opens",
    "registration_closes", "requests_close", "request_expiry_hours",
)  # fmt: skip


def _lock_event(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def notify(
    *, users: Iterable[Any], event: Event, text: str, meeting: Meeting | None = None
) -> None:
    """In-app notification and an email (through the shared task queue) to each user."""
    for user in users:
        Notification.objects.create(user=user, event=event, meeting=meeting, text=text)
        if user.email:
            send_email.enqueue(subject=f"{event.name_fa}: {text}"[:200], body=text, to=[user.email])


# Events ------------------------------------------------------------------------------------


@transaction.atomic
def event_create(*, user: Any, data: dict[str, Any], tables: int = 10) -> Event:
    require(can_create_event(user), _("Only agency staff may create events."))
    values = {k: v for k, v in data.items() if k in EVENT_FIELDS}
    check_lengths(values, model_text_limits(Event))  # before the normalizer
    for key in ("name_fa", "name_en", "venue", "city", "description"):
        if key in values:
            values[key] = normalize(values[key] or "")
    event = Event(**values)
    errors: dict[str, list[str]] = {}
    try:
        event.full_clean()
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if event.day_end and event.day_start and event.day_end <= event.day_start:
        errors.setdefault("day_end", []).append(_("Meetings must end after they start."))
    if (
        event.requests_close
        and event.registration_opens
        and event.requests_close < event.registration_opens
    ):
        errors.setdefault("requests_close", []).append(
            _("Requests cannot close before registration opens.")
        )
    if tables < 1:
        errors.setdefault("tables", []).append(_("An event needs at least one table."))
    if not errors:
        try:
            times = slot_times(
                starts_on=event.starts_on,
                days=event.days,
                day_start=event.day_start,
                day_end=event.day_end,
                slot_minutes=event.slot_minutes,
                breaks=event.breaks,
            )
        except (ValueError, TypeError):
            errors["breaks"] = [_('Write breaks as [["12:00", "13:00"]].')]
        else:
            if not times:
                errors["slot_minutes"] = [_("No meeting slot fits in these hours.")]
    if errors:
        raise ValidationError(errors)
    event.save()
    event.organizers.add(user)
    Slot.objects.bulk_create(
        Slot(event=event, index=n, day=day, starts_at=start, ends_at=end)
        for n, (day, start, end) in enumerate(times)
    )
    with translation.override(settings.LANGUAGE_CODE):  # stored names are Persian-first
        Table.objects.bulk_create(
            Table(event=event, name=_("Table {n}").format(n=n)) for n in range(1, tables + 1)
        )
    return event


# Registration ------------------------------------------------------------------------------


@transaction.atomic
def participant_register(
    *,
    user: Any,
    event: Event,
    enterprise: Enterprise,
    delegates: list[Any],
    looking_for: str = "",
    offering: str = "",
) -> Participant:
    check_lengths(
        {"looking_for": looking_for, "offering": offering},
        {"looking_for": TEXT_MAX, "offering": TEXT_MAX},
    )
    organizer = is_organizer(user, event)
    role = (
        Membership.objects.filter(user=user, enterprise=enterprise)
        .values_list("role", flat=True)
        .first()
    )
    require(
        organizer or role in (MembershipRole.OWNER, MembershipRole.MANAGER),
        _("Only the enterprise's owner or a manager may register it."),
    )
    errors: dict[str, list[str]] = {}
    if not organizer and not event.registration_open:
        errors["event"] = [_("Registration for this event is not open.")]
    if Participant.objects.filter(event=event, enterprise=enterprise).exists():
        errors["enterprise"] = [_("This enterprise is already registered for the event.")]
    if not delegates:
        errors["delegates"] = [_("Name at least one delegate.")]
    members = set(
        Membership.objects.filter(enterprise=enterprise).values_list("user_id", flat=True)
    )
    outsiders = [d for d in delegates if d.pk not in members]
    if outsiders:
        errors.setdefault("delegates", []).append(_("Delegates must be members of the enterprise."))
    taken = Delegate.objects.filter(event=event, user__in=delegates)
    if taken.exists():
        errors.setdefault("delegates", []).append(
            _("{name} is already a delegate at this event.").format(
                name=taken.first().user.display_name  # type: ignore[union-attr]
            )
        )
    if errors:
        raise ValidationError(errors)
    participant = Participant.objects.create(
        event=event,
        enterprise=enterprise,
        looking_for=normalize(looking_for),
        offering=normalize(offering),
        registered_by=user,
    )
    for person in delegates:
        Delegate.objects.create(event=event, participant=participant, user=person)
    return participant


@transaction.atomic
def participant_decide(*, user: Any, participant: Participant, approve: bool) -> Participant:
    require(is_organizer(user, participant.event), _("Only organizers approve participants."))
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    participant.status = ParticipantStatus.APPROVED if approve else ParticipantStatus.REJECTED
    participant.decided_at = timezone.now()
    participant.save(update_fields=["status", "decided_at"])
    text = _("Your registration was approved.") if approve else _("Your registration was declined.")
    notify(
        users=[d.user for d in participant.delegates.select_related("user")],
        event=participant.event,
        text=text,
    )
    return participant


@transaction.atomic
def delegate_update(
    *, user: Any, delegate: Delegate, max_meetings: int, unavailable: list[Slot]
) -> Delegate:
    require(
        delegate.user_id == user.pk or is_organizer(user, delegate.event),
        _("Only the delegate or an organizer may change these settings."),
    )
    errors: dict[str, list[str]] = {}
    if not 0 <= max_meetings <= 100:
        errors["max_meetings"] = [_("Choose between 0 and 100 meetings.")]
    if any(s.event_id != delegate.event_id for s in unavailable):
        errors["unavailable"] = [_("These slots are not this event's.")]
    if errors:
        raise ValidationError(errors)
    delegate.max_meetings = max_meetings
    delegate.save(update_fields=["max_meetings"])
    delegate.unavailable.set(unavailable)
    return delegate


# Meeting requests --------------------------------------------------------------------------


def requests_expire(*, event: Event, now: dt.datetime | None = None) -> int:
    """Unanswered requests past their expiry become expired (run lazily before reads)."""
    return MeetingRequest.objects.filter(
        event=event, status=RequestStatus.PENDING, expires_at__lt=now or timezone.now()
    ).update(status=RequestStatus.EXPIRED)


def _approved_delegate(user: Any, event: Event) -> Delegate:
    delegate = (
        Delegate.objects.select_related("participant")
        .filter(event=event, user=user, participant__status=ParticipantStatus.APPROVED)
        .first()
    )
    if delegate is None:
        raise ValidationError({"requester": [_("You are not an approved delegate here.")]})
    return delegate


@transaction.atomic
def request_create(
    *,
    user: Any,
    event: Event,
    recipient: Delegate,
    priority: str = Priority.WOULD_LIKE,
    message: str = "",
) -> MeetingRequest:
    check_lengths({"message": message}, model_text_limits(MeetingRequest))
    event = _lock_event(event)
    requester = _approved_delegate(user, event)
    errors: dict[str, list[str]] = {}
    if not event.requests_open:
        errors["event"] = [_("Meeting requests for this event are closed.")]
    if recipient.event_id != event.pk or recipient.participant.status != (
        ParticipantStatus.APPROVED
    ):
        errors["recipient"] = [_("This delegate is not an approved participant of the event.")]
    elif recipient.participant_id == requester.participant_id:
        errors["recipient"] = [_("You cannot request a meeting with your own enterprise.")]
    if priority not in Priority.values:
        errors["priority"] = [_("Unknown priority.")]
    if len(message) > 500:
        errors["message"] = [_("Keep the message under 500 characters.")]
    requests_expire(event=event)
    live = MeetingRequest.objects.filter(
        status__in=[RequestStatus.PENDING, RequestStatus.ACCEPTED],
        requester__in=[requester, recipient],
        recipient__in=[requester, recipient],
    )
    if live.exists():
        errors["recipient"] = [_("There is already a request between you two.")]
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    try:
        with transaction.atomic():
            req = MeetingRequest.objects.create(
                event=event,
                requester=requester,
                recipient=recipient,
                priority=priority,
                message=normalize(message),
                expires_at=min(
                    now + dt.timedelta(hours=event.request_expiry_hours), event.requests_close
                ),
            )
    except IntegrityError as exc:  # the constraint caught a concurrent twin
        raise ValidationError(
            {"recipient": [_("There is already a request between you two.")]}
        ) from exc
    notify(
        users=[recipient.user],
        event=event,
        text=_("{name} asks to meet you.").format(name=requester.participant.enterprise),
    )
    return req


def request_answer(*, user: Any, request: MeetingRequest, accept: bool) -> MeetingRequest:
    # Expiry is recorded first, on its own: a refused late answer must not roll it back.
    requests_expire(event=request.event)
    return _request_answer(user=user, request=request, accept=accept)


@transaction.atomic
def _request_answer(*, user: Any, request: MeetingRequest, accept: bool) -> MeetingRequest:
    event = _lock_event(request.event)
    request = MeetingRequest.objects.select_for_update().get(pk=request.pk)
    require(request.recipient.user_id == user.pk, _("Only the invited delegate may answer."))
    errors: dict[str, list[str]] = {}
    if request.status == RequestStatus.EXPIRED:
        errors["status"] = [_("This request has expired.")]
    elif request.status != RequestStatus.PENDING:
        errors["status"] = [_("This request was already answered.")]
    elif not event.requests_open:
        errors["status"] = [_("Meeting requests for this event are closed.")]
    if errors:
        raise ValidationError(errors)
    request.status = RequestStatus.ACCEPTED if accept else RequestStatus.DECLINED
    request.answered_at = timezone.now()
    request.save(update_fields=["status", "answered_at"])
    if accept:
        Meeting.objects.create(event=event, request=request)
    name = request.recipient.participant.enterprise
    text = (
        _("{name} accepted your meeting request.")
        if accept
        else _("{name} declined your meeting request.")
    ).format(name=name)
    notify(users=[request.requester.user], event=event, text=text)
    return request


# Event day and outcomes --------------------------------------------------------------------


@transaction.atomic
def delegate_check_in(*, user: Any, delegate: Delegate) -> Delegate:
    require(is_organizer(user, delegate.event), _("Only organizers check delegates in."))
    if delegate.checked_in_at is None:
        delegate.checked_in_at = timezone.now()
        delegate.save(update_fields=["checked_in_at"])
    return delegate


@transaction.atomic
def meeting_report_held(*, user: Any, meeting: Meeting, held: bool) -> Meeting:
    """Each party says whether the meeting took place; one "no" marks a no-show and frees
    the table and both delegates for walk-in meetings."""
    _lock_event(meeting.event)
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("request", "slot")
        .get(pk=meeting.pk)
    )
    request = meeting.request
    require(is_party(user, request), _("Only the two delegates may report on this meeting."))
    if meeting.status not in (MeetingStatus.SCHEDULED, MeetingStatus.HELD, MeetingStatus.NO_SHOW):
        raise ValidationError({"status": [_("This meeting is not on the schedule.")]})
    if meeting.slot is None or meeting.slot.starts_at > timezone.now():
        raise ValidationError({"status": [_("You can report only after the meeting starts.")]})
    if request.requester.user_id == user.pk:
        meeting.requester_held = held
    else:
        meeting.recipient_held = held
    if meeting.requester_held is False or meeting.recipient_held is False:
        meeting.status = MeetingStatus.NO_SHOW
        meeting.seats.all().delete()
    elif meeting.requester_held and meeting.recipient_held:
        meeting.status = MeetingStatus.HELD
    meeting.save(update_fields=["requester_held", "recipient_held", "status", "updated_at"])
    return meeting


def _party_delegate(user: Any, meeting: Meeting) -> Delegate:
    request = meeting.request
    require(is_party(user, request), _("Only the two delegates may do this."))
    return request.requester if request.requester.user_id == user.pk else request.recipient


@transaction.atomic
def meeting_rate(*, user: Any, meeting: Meeting, score: int, comment: str = "") -> MeetingRating:
    delegate = _party_delegate(user, meeting)
    errors: dict[str, list[str]] = {}
    if meeting.status != MeetingStatus.HELD:
        errors["meeting"] = [_("Only meetings that took place can be rated.")]
    if not 1 <= int(score) <= 5:
        errors["score"] = [_("Rate from 1 to 5.")]
    if errors:
        raise ValidationError(errors)
    rating, _created = MeetingRating.objects.update_or_create(
        meeting=meeting,
        delegate=delegate,
        defaults={"score": int(score), "comment": normalize(comment)},
    )
    return rating


@transaction.atomic
def follow_up_answer(*, user: Any, meeting: Meeting, answer: str) -> FollowUp:
    delegate = _party_delegate(user, meeting)
    errors: dict[str, list[str]] = {}
    if meeting.status != MeetingStatus.HELD:
        errors["meeting"] = [_("Only meetings that took place are followed up.")]
    if answer not in FollowUpAnswer.values:
        errors["answer"] = [_("Choose one of the answers.")]
    if errors:
        raise ValidationError(errors)
    follow_up, _created = FollowUp.objects.update_or_create(
        meeting=meeting, delegate=delegate, defaults={"answer": answer}
    )
    return follow_up


@transaction.atomic
def deal_record(
    *,
    user: Any,
    event: Event,
    parties: list[Enterprise],
    kind: str,
    document: str,
    value_rials: int,
    signed_on: dt.date,
    title: str = "",
    meeting: Meeting | None = None,
) -> Deal:
    member_of = set(user.memberships.values_list("enterprise_id", flat=True))
    organizer = is_organizer(user, event)
    require(
        organizer or any(p.pk in member_of for p in parties),
        _("Only organizers or a party to the deal may record it."),
    )
    errors: dict[str, list[str]] = {}
    registered = set(
        Participant.objects.filter(event=event, status=ParticipantStatus.APPROVED).values_list(
            "enterprise_id", flat=True
        )
    )
    if len({p.pk for p in parties}) < 2:
        errors["parties"] = [_("A deal needs at least two parties.")]
    elif any(p.pk not in registered for p in parties):
        errors["parties"] = [_("Every party must be a participant of the event.")]
    if kind not in DealKind.values:
        errors["kind"] = [_("Unknown deal type.")]
    if document not in DealDocument.values:
        errors["document"] = [_("Unknown document.")]
    if isinstance(value_rials, bool) or not isinstance(value_rials, int) or value_rials < 0:
        errors["value_rials"] = [_("The value is a whole, non-negative number of rials.")]
    elif error := rial_error(value_rials):
        errors["value_rials"] = [error]
    if signed_on and signed_on < event.starts_on:
        errors["signed_on"] = [_("Deals count from the first day of the event.")]
    if meeting is not None and meeting.event_id != event.pk:
        errors["meeting"] = [_("This meeting is not this event's.")]
    if errors:
        raise ValidationError(errors)
    deal = Deal.objects.create(
        event=event,
        meeting=meeting,
        kind=kind,
        document=document,
        value_rials=value_rials,
        signed_on=signed_on,
        title=normalize(title),
        recorded_by=user,
    )
    deal.parties.set(parties)
    # The recorder confirms for the enterprises it belongs to; an organizer (agency staff, who
    # holds the signed document) for every party. Any other party named must confirm itself.
    mine = [p for p in parties if organizer or p.pk in member_of]
    deal.confirmed_parties.set(mine)
    if {p.pk for p in mine} >= {p.pk for p in parties}:
        deal.status = DealStatus.CONFIRMED
        deal.confirmed_at = timezone.now()
        deal.save(update_fields=["status", "confirmed_at"])
    return deal


@transaction.atomic
def deal_confirm(*, user: Any, deal: Deal) -> Deal:
    """An owner or manager of a named party confirms the deal for their enterprise(s); the
    deal counts once every party has."""
    deal = Deal.objects.select_for_update().get(pk=deal.pk)
    managed = set(
        Membership.objects.filter(
            user=user, role__in=(MembershipRole.OWNER, MembershipRole.MANAGER)
        ).values_list("enterprise_id", flat=True)
    )
    parties = set(deal.parties.values_list("pk", flat=True))
    require(
        bool(parties & managed),
        _("Only an owner or manager of a party to the deal may confirm it."),
    )
    confirmed = set(deal.confirmed_parties.values_list("pk", flat=True))
    todo = (parties & managed) - confirmed
    if not todo:
        raise ValidationError({"status": [_("Your enterprise has already confirmed this deal.")]})
    deal.confirmed_parties.add(*todo)
    if confirmed | todo >= parties:
        deal.status = DealStatus.CONFIRMED
        deal.confirmed_at = timezone.now()
        deal.save(update_fields=["status", "confirmed_at"])
    return deal

"""Meetings, one home: organizers move them, either side or an organizer cancels, walk-ins on the
day, and the two parties report whether it took place, rate it and answer the follow-up."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from karsaz.accounts.scope import require
from karsaz.core.errors import field_error
from karsaz.core.persian import normalize
from karsaz.events.booking import PLACED, set_seats, tell_parties
from karsaz.events.choices import FollowUpAnswer, MeetingStatus, RequestStatus
from karsaz.events.errors import EventsErrorCode
from karsaz.events.locks import lock_event
from karsaz.events.models import (
    Delegate,
    Event,
    FollowUp,
    Meeting,
    MeetingRating,
    MeetingRequest,
    Seat,
    Slot,
    Table,
)
from karsaz.events.permissions import MEETING_ACTIONS, EventScope


def check_place(meeting: Meeting, slot: Slot, table: Table) -> dict[str, list[Any]]:
    """Why the meeting cannot go to this slot and table (empty when it can)."""
    errors: dict[str, list[Any]] = {}
    if slot.event_id != meeting.event_id:
        errors["slot"] = [_("This slot is not this event's.")]
    if table.event_id != meeting.event_id:
        errors["table"] = [_("This table is not this event's.")]
    if errors:
        return errors
    taken = (
        Meeting.objects.filter(slot=slot, table=table, status__in=PLACED)
        .exclude(pk=meeting.pk)
        .exists()
    )
    if taken:
        errors["table"] = [
            ValidationError(_("This table is taken in that slot."), code=EventsErrorCode.SLOT_TAKEN)
        ]
    req = meeting.request
    people = [req.requester_id, req.recipient_id]
    busy = Seat.objects.filter(slot=slot, delegate_id__in=people).exclude(meeting=meeting)
    if busy.exists():
        errors["slot"] = [
            ValidationError(
                _("One of the two delegates already has a meeting in that slot."),
                code=EventsErrorCode.SLOT_TAKEN,
            )
        ]
    elif Delegate.unavailable.through.objects.filter(
        delegate_id__in=people, slot_id=slot.pk
    ).exists():
        errors["slot"] = [
            ValidationError(
                _("One of the two delegates is unavailable in that slot."),
                code=EventsErrorCode.UNAVAILABLE,
            )
        ]
    return errors


@transaction.atomic
def meeting_move(*, user: Any, meeting: Meeting, slot: Slot, table: Table) -> Meeting:
    require(EventScope(user).is_organizer(meeting.event), _("Only organizers move meetings."))
    lock_event(meeting.event)
    meeting = (
        Meeting.objects.select_for_update().select_related("request", "event").get(pk=meeting.pk)
    )
    if meeting.status not in MEETING_ACTIONS["move"].states:
        raise field_error(
            "status", _("Only planned meetings can be moved."), EventsErrorCode.INVALID_STATE
        )
    errors = check_place(meeting, slot, table)
    if errors:
        raise ValidationError(errors)
    meeting.slot, meeting.table = slot, table
    meeting.status = MeetingStatus.SCHEDULED
    meeting.sequence += 1
    try:
        with transaction.atomic():
            meeting.save(update_fields=["slot", "table", "status", "sequence", "updated_at"])
            set_seats(meeting)
    except IntegrityError as exc:
        raise field_error(
            "slot", _("That place was just taken."), EventsErrorCode.SLOT_TAKEN
        ) from exc
    if meeting.published:
        tell_parties(meeting, gettext_noop("Your meeting was moved."))
    return meeting


@transaction.atomic
def meeting_cancel(*, user: Any, meeting: Meeting) -> Meeting:
    scope = EventScope(user)
    require(
        scope.is_organizer(meeting.event) or scope.is_party(meeting.request),
        _("Only organizers or the two delegates may cancel a meeting."),
    )
    lock_event(meeting.event)
    meeting = (
        Meeting.objects.select_for_update().select_related("request", "event").get(pk=meeting.pk)
    )
    if meeting.status not in MEETING_ACTIONS["cancel"].states:
        raise field_error(
            "status",
            _("This meeting cannot be cancelled any more."),
            EventsErrorCode.INVALID_STATE,
        )
    meeting.status = MeetingStatus.CANCELLED
    meeting.sequence += 1
    meeting.save(update_fields=["status", "sequence", "updated_at"])
    meeting.seats.all().delete()
    MeetingRequest.objects.filter(pk=meeting.request_id).update(status=RequestStatus.WITHDRAWN)
    tell_parties(meeting, gettext_noop("Your meeting was cancelled."))
    return meeting


@transaction.atomic
def meeting_walk_in(
    *, user: Any, event: Event, requester: Delegate, recipient: Delegate, slot: Slot, table: Table
) -> Meeting:
    """A meeting arranged on the day, on a table freed by a cancellation or a no-show."""
    organizer = EventScope(user).is_organizer(event)
    require(
        organizer or user.pk in (requester.user_id, recipient.user_id),
        _("Only organizers or one of the two delegates may book a walk-in meeting."),
    )
    event = lock_event(event)
    errors: dict[str, list[str]] = {}
    if requester.pk == recipient.pk or requester.participant_id == recipient.participant_id:
        errors["recipient"] = [_("Choose a delegate of another enterprise.")]
    for d in (requester, recipient):
        if d.event_id != event.pk or d.checked_in_at is None:
            errors["recipient"] = [_("Both delegates must be checked in at this event.")]
    if errors:
        raise ValidationError(errors)
    live = MeetingRequest.objects.filter(
        status__in=[RequestStatus.PENDING, RequestStatus.ACCEPTED],
        requester__in=[requester, recipient],
        recipient__in=[requester, recipient],
    ).first()
    if live is not None:
        live.status = RequestStatus.ACCEPTED
        live.answered_at = live.answered_at or timezone.now()
        live.save(update_fields=["status", "answered_at"])
        meeting, _created = Meeting.objects.get_or_create(event=event, request=live)
        if meeting.status != MeetingStatus.UNSCHEDULED:
            raise field_error(
                "recipient", _("These two already have a meeting."), EventsErrorCode.DUPLICATE
            )
    else:
        live = MeetingRequest.objects.create(
            event=event,
            requester=requester,
            recipient=recipient,
            status=RequestStatus.ACCEPTED,
            expires_at=timezone.now(),
            answered_at=timezone.now(),
            walk_in=True,
        )
        meeting = Meeting.objects.create(event=event, request=live)
    meeting.request = live
    errors = check_place(meeting, slot, table)
    if errors:
        raise ValidationError(errors)
    meeting.slot, meeting.table = slot, table
    meeting.status = MeetingStatus.SCHEDULED
    meeting.published = True
    meeting.sequence += 1
    meeting.save()
    set_seats(meeting)
    tell_parties(meeting, gettext_noop("A walk-in meeting was booked for you."))
    return meeting


@transaction.atomic
def meeting_report_held(*, user: Any, meeting: Meeting, held: bool) -> Meeting:
    """Each party says whether the meeting took place; one "no" marks a no-show and frees
    the table and both delegates for walk-in meetings."""
    lock_event(meeting.event)
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("request", "slot")
        .get(pk=meeting.pk)
    )
    request = meeting.request
    require(
        EventScope(user).is_party(request), _("Only the two delegates may report on this meeting.")
    )
    if meeting.status not in MEETING_ACTIONS["held"].states:
        raise field_error(
            "status", _("This meeting is not on the schedule."), EventsErrorCode.INVALID_STATE
        )
    if meeting.slot is None or meeting.slot.starts_at > timezone.now():
        raise field_error(
            "status",
            _("You can report only after the meeting starts."),
            EventsErrorCode.NOT_STARTED,
        )
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
    require(EventScope(user).is_party(request), _("Only the two delegates may do this."))
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
def meeting_mark(*, user: Any, meeting: Meeting, held: bool) -> Meeting:
    """An organizer settles from the schedule whether a meeting took place: a no-show frees its
    table and both delegates for walk-ins; held puts them back."""
    require(
        EventScope(user).is_organizer(meeting.event),
        _("Only organizers mark meetings from the schedule."),
    )
    lock_event(meeting.event)
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("request", "slot", "event")
        .get(pk=meeting.pk)
    )
    if meeting.status not in MEETING_ACTIONS["mark"].states:
        raise field_error(
            "status", _("This meeting is not on the schedule."), EventsErrorCode.INVALID_STATE
        )
    if meeting.slot is None or meeting.slot.starts_at > timezone.now():
        raise field_error(
            "status",
            _("A meeting can be marked only after it starts."),
            EventsErrorCode.NOT_STARTED,
        )
    meeting.status = MeetingStatus.HELD if held else MeetingStatus.NO_SHOW
    try:
        with transaction.atomic():
            meeting.save(update_fields=["status", "updated_at"])
            if held:
                set_seats_held(meeting)
            else:
                meeting.seats.all().delete()
    except IntegrityError as exc:  # a walk-in took the table or a delegate meanwhile
        raise field_error(
            "status",
            _("A walk-in meeting took this table or one of the delegates meanwhile."),
            EventsErrorCode.SLOT_TAKEN,
        ) from exc
    return meeting


def set_seats_held(meeting: Meeting) -> None:
    """The two seats of a meeting marked held (a no-show had freed them)."""
    req = meeting.request
    for delegate_id in (req.requester_id, req.recipient_id):
        Seat.objects.get_or_create(meeting=meeting, delegate_id=delegate_id, slot=meeting.slot)

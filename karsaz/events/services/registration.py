"""Registration: enterprises sign up, organizers decide, delegates set their limits and
check in on the day."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from karsaz.accounts.scope import require
from karsaz.core.errors import field_error
from karsaz.core.persian import normalize
from karsaz.core.textlimits import TEXT_MAX, check_lengths
from karsaz.events.badges import BadBadge, read_badge
from karsaz.events.booking import notify
from karsaz.events.choices import ParticipantStatus
from karsaz.events.errors import EventsErrorCode
from karsaz.events.models import Delegate, Event, Participant, Slot
from karsaz.events.permissions import EventScope
from karsaz.notifications.choices import Kind
from karsaz.registry.models import Enterprise, Membership


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
    scope = EventScope(user)
    organizer = scope.is_organizer(event)
    require(
        organizer or scope.edits(enterprise.pk),
        _("Only the enterprise's owner or a manager may register it."),
    )
    errors: dict[str, list[Any]] = {}
    if not organizer and not event.registration_open:
        errors["event"] = [
            ValidationError(
                _("Registration for this event is not open."), code=EventsErrorCode.CLOSED
            )
        ]
    if Participant.objects.filter(event=event, enterprise=enterprise).exists():
        errors["enterprise"] = [
            ValidationError(
                _("This enterprise is already registered for the event."),
                code=EventsErrorCode.DUPLICATE,
            )
        ]
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
    require(
        EventScope(user).is_organizer(participant.event), _("Only organizers approve participants.")
    )
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    participant.status = ParticipantStatus.APPROVED if approve else ParticipantStatus.REJECTED
    participant.decided_at = timezone.now()
    participant.save(update_fields=["status", "decided_at"])
    text = (
        gettext_noop("Your registration was approved.")
        if approve
        else gettext_noop("Your registration was declined.")
    )
    notify(
        users=[d.user for d in participant.delegates.select_related("user")],
        event=participant.event,
        kind=Kind.EVENTS_REGISTRATION,
        text=text,
    )
    return participant


@transaction.atomic
def delegate_update(
    *, user: Any, delegate: Delegate, max_meetings: int, unavailable: list[Slot]
) -> Delegate:
    require(
        delegate.user_id == user.pk or EventScope(user).is_organizer(delegate.event),
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


@transaction.atomic
def delegate_check_in(*, user: Any, delegate: Delegate) -> Delegate:
    """Checks an approved delegate in; checking in again changes nothing (the first time
    stays)."""
    require(EventScope(user).is_organizer(delegate.event), _("Only organizers check delegates in."))
    delegate = (
        Delegate.objects.select_for_update(of=("self",))
        .select_related("participant", "user", "event")
        .get(pk=delegate.pk)
    )
    if delegate.participant.status != ParticipantStatus.APPROVED:
        raise field_error(
            "delegate",
            _("This delegate's enterprise is not approved for the event."),
            EventsErrorCode.NOT_APPROVED,
        )
    if delegate.checked_in_at is None:
        delegate.checked_in_at = timezone.now()
        delegate.save(update_fields=["checked_in_at"])
    return delegate


def delegate_check_in_by_badge(*, user: Any, event: Event, token: str) -> tuple[Delegate, bool]:
    """Checks in the delegate whose badge was scanned at `event`'s desk: (the delegate,
    whether they had checked in before). A badge of another event is refused."""
    require(EventScope(user).is_organizer(event), _("Only organizers check delegates in."))
    try:
        event_id, delegate_id = read_badge(token)
    except BadBadge:
        raise field_error(
            "token",
            _("This is not a badge code. Scan the badge again or search by name."),
            EventsErrorCode.INVALID_BADGE,
        ) from None
    delegate = (
        Delegate.objects.filter(pk=delegate_id, event_id=event_id).select_related("user").first()
    )
    if event_id != event.pk:
        raise field_error(
            "token",
            _("This badge belongs to another event."),
            EventsErrorCode.OTHER_EVENT,
        )
    if delegate is None:
        raise field_error(
            "token",
            _("This badge's delegate is no longer registered."),
            EventsErrorCode.INVALID_BADGE,
        )
    before = delegate.checked_in_at is not None
    delegate = delegate_check_in(user=user, delegate=delegate)
    return delegate, before

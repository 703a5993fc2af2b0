"""Meeting requests: a delegate asks another, the other answers before the deadline."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from karsaz.accounts.scope import require
from karsaz.core.errors import field_error
from karsaz.core.persian import normalize
from karsaz.core.textlimits import check_lengths, model_text_limits
from karsaz.events.booking import notify, requests_expire
from karsaz.events.choices import ParticipantStatus, Priority, RequestStatus
from karsaz.events.errors import EventsErrorCode
from karsaz.events.locks import lock_event
from karsaz.events.models import Delegate, Event, Meeting, MeetingRequest
from karsaz.notifications.choices import Kind
from karsaz.notifications.models import bilingual


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
    event = lock_event(event)
    requester = _approved_delegate(user, event)
    errors: dict[str, list[Any]] = {}
    if not event.requests_open:
        errors["event"] = [
            ValidationError(
                _("Meeting requests for this event are closed."), code=EventsErrorCode.CLOSED
            )
        ]
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
        errors["recipient"] = [
            ValidationError(
                _("There is already a request between you two."), code=EventsErrorCode.DUPLICATE
            )
        ]
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
        raise field_error(
            "recipient", _("There is already a request between you two."), EventsErrorCode.DUPLICATE
        ) from exc
    enterprise = requester.participant.enterprise
    notify(
        users=[recipient.user],
        event=event,
        kind=Kind.EVENTS_MEETING_REQUEST,
        text=gettext_noop("{name} asks to meet you."),
        params={"name": bilingual(enterprise.name_fa, enterprise.name_en)},
        link=reverse("events:requests", args=[event.pk]),
    )
    return req


def request_answer(*, user: Any, request: MeetingRequest, accept: bool) -> MeetingRequest:
    # Expiry is recorded first, on its own: a refused late answer must not roll it back.
    requests_expire(event=request.event)
    return _request_answer(user=user, request=request, accept=accept)


@transaction.atomic
def _request_answer(*, user: Any, request: MeetingRequest, accept: bool) -> MeetingRequest:
    event = lock_event(request.event)
    request = MeetingRequest.objects.select_for_update().get(pk=request.pk)
    require(request.recipient.user_id == user.pk, _("Only the invited delegate may answer."))
    if request.status == RequestStatus.EXPIRED:
        raise field_error("status", _("This request has expired."), EventsErrorCode.EXPIRED)
    if request.status != RequestStatus.PENDING:
        raise field_error(
            "status", _("This request was already answered."), EventsErrorCode.ALREADY_DONE
        )
    if not event.requests_open:
        raise field_error(
            "status", _("Meeting requests for this event are closed."), EventsErrorCode.CLOSED
        )
    request.status = RequestStatus.ACCEPTED if accept else RequestStatus.DECLINED
    request.answered_at = timezone.now()
    request.save(update_fields=["status", "answered_at"])
    if accept:
        Meeting.objects.create(event=event, request=request)
    enterprise = request.recipient.participant.enterprise
    text = (
        gettext_noop("{name} accepted your meeting request.")
        if accept
        else gettext_noop("{name} declined your meeting request.")
    )
    notify(
        users=[request.requester.user],
        event=event,
        kind=Kind.EVENTS_REQUEST_ANSWER,
        text=text,
        params={"name": bilingual(enterprise.name_fa, enterprise.name_en)},
        link=reverse("events:requests", args=[event.pk]),
    )
    return request


def _own_pending(user: Any, request: MeetingRequest) -> MeetingRequest:
    """The request, locked, when the user sent it and it still awaits an answer."""
    requests_expire(event=request.event)
    request = (
        MeetingRequest.objects.select_for_update(of=("self",))
        .select_related("event", "requester__participant__enterprise", "recipient__user")
        .get(pk=request.pk)
    )
    require(request.requester.user_id == user.pk, _("Only the delegate who asked may do this."))
    if request.status == RequestStatus.EXPIRED:
        raise field_error("status", _("This request has expired."), EventsErrorCode.EXPIRED)
    if request.status != RequestStatus.PENDING:
        raise field_error(
            "status",
            _("This request was already answered."),
            EventsErrorCode.ALREADY_DONE,
        )
    return request


@transaction.atomic
def request_withdraw(*, user: Any, request: MeetingRequest) -> MeetingRequest:
    """The requester takes back a request not answered yet."""
    request = _own_pending(user, request)
    request.status = RequestStatus.WITHDRAWN
    request.answered_at = timezone.now()
    request.save(update_fields=["status", "answered_at"])
    enterprise = request.requester.participant.enterprise
    notify(
        users=[request.recipient.user],
        event=request.event,
        kind=Kind.EVENTS_MEETING_REQUEST,
        text=gettext_noop("{name} withdrew their meeting request."),
        params={"name": bilingual(enterprise.name_fa, enterprise.name_en)},
        link=reverse("events:requests", args=[request.event.pk]),
    )
    return request


@transaction.atomic
def request_edit(
    *, user: Any, request: MeetingRequest, priority: str, message: str = ""
) -> MeetingRequest:
    """The requester changes the priority or the message of a request not answered yet."""
    check_lengths({"message": message}, model_text_limits(MeetingRequest))
    request = _own_pending(user, request)
    if priority not in Priority.values:
        raise field_error("priority", _("Unknown priority."), "invalid_choice")
    if not request.event.requests_open:
        raise field_error(
            "status", _("Meeting requests for this event are closed."), EventsErrorCode.CLOSED
        )
    request.priority = priority
    request.message = normalize(message)
    request.save(update_fields=["priority", "message"])
    return request

"""Deals signed at an event: recorded by an organizer or a party, confirmed by every party."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from karsaz.accounts.scope import require
from karsaz.core.errors import field_error
from karsaz.core.money import rial_error
from karsaz.core.persian import normalize
from karsaz.events.choices import DealDocument, DealKind, DealStatus, ParticipantStatus
from karsaz.events.errors import EventsErrorCode
from karsaz.events.models import Deal, Event, Meeting, Participant
from karsaz.events.permissions import EventScope
from karsaz.registry.models import Enterprise


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
    scope = EventScope(user)
    member_of = set(scope.member_of)
    organizer = scope.is_organizer(event)
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
    managed = set(EventScope(user).editor_of())
    parties = set(deal.parties.values_list("pk", flat=True))
    require(
        bool(parties & managed),
        _("Only an owner or manager of a party to the deal may confirm it."),
    )
    confirmed = set(deal.confirmed_parties.values_list("pk", flat=True))
    todo = (parties & managed) - confirmed
    if not todo:
        raise field_error(
            "status",
            _("Your enterprise has already confirmed this deal."),
            EventsErrorCode.ALREADY_DONE,
        )
    deal.confirmed_parties.add(*todo)
    if confirmed | todo >= parties:
        deal.status = DealStatus.CONFIRMED
        deal.confirmed_at = timezone.now()
        deal.save(update_fields=["status", "confirmed_at"])
    return deal

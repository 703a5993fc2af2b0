"""Events: creation, with the event's slots and tables."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from karsaz.accounts.scope import require
from karsaz.core.persian import normalize
from karsaz.core.textlimits import check_lengths, model_text_limits
from karsaz.events.models import Event, Slot, Table
from karsaz.events.permissions import EventScope
from karsaz.events.slots import slot_times

EVENT_FIELDS = (
    "name_fa", "name_en", "venue", "province", "city", "description", "starts_on", "days",
    "day_start", "day_end", "slot_minutes", "breaks", "booths", "registration_opens",
    "registration_closes", "requests_close", "request_expiry_hours",
)  # fmt: skip


@transaction.atomic
def event_create(*, user: Any, data: dict[str, Any], tables: int = 10) -> Event:
    require(EventScope(user).can_create_event(), _("Only agency staff may create events."))
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

"""The `insight_facts` hook: what the exhibitions' matchmaking counts, split by event.

A meeting request and its meeting are placed at the requesting delegate's enterprise (the side
that asked). A deal is counted once, at its party with the lowest registry id, so an event's
deals and value add up to what the event brought in, however many parties signed.
"""

from typing import Any

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from karsaz.core.facts import Fact
from karsaz.events.choices import DealStatus, MeetingStatus
from karsaz.events.models import ACTIVE_MEETING, Deal, Event, Meeting, MeetingRequest

REQUESTER = "request__requester__participant__enterprise"


def event_names() -> dict[str, str]:
    """Each event's name in the page's language: the labels of the `event` series."""
    english = (get_language() or "fa").startswith("en")
    return {
        str(pk): (name_en if english and name_en else name_fa)
        for pk, name_fa, name_en in Event.objects.values_list("pk", "name_fa", "name_en")
    }


def _meetings(*statuses: str) -> QuerySet[Meeting]:
    return Meeting.objects.filter(status__in=statuses, slot__isnull=False)


def _deal_rows() -> QuerySet[Any]:
    """One row per confirmed deal: the deal's party link with the lowest enterprise id."""
    through = Deal.parties.through
    first = (
        through.objects.filter(deal_id=OuterRef("deal_id"))
        .order_by("enterprise_id")
        .values("enterprise_id")[:1]
    )
    return through.objects.filter(deal__status=DealStatus.CONFIRMED, enterprise_id=Subquery(first))


def _meeting_fact(
    code: str, label: str | Promise, definition: str | Promise, *statuses: str
) -> Fact:
    return Fact(
        code=code,
        label=label,
        definition=definition,
        unit="count",
        rows=lambda: _meetings(*statuses),
        enterprise=REQUESTER,
        date="slot__starts_at",
        series="event_id",
        series_labels=event_names,
        changed="updated_at",
    )


def facts() -> tuple[Fact, ...]:
    return (
        Fact(
            code="events.requests",
            label=_("Meetings requested"),
            definition=_(
                "B2B meeting requests sent at an event, walk-ins included, by month sent, "
                "placed at the requesting enterprise."
            ),
            unit="count",
            rows=MeetingRequest.objects.all,
            enterprise="requester__participant__enterprise",
            date="created_at",
            series="event_id",
            series_labels=event_names,
            changed="created_at",  # a request's count never changes after it is sent
        ),
        _meeting_fact(
            "events.meetings_scheduled",
            _("Meetings scheduled"),
            _(
                "Meetings given a table and a time (scheduled, then held or missed), by the "
                "month of their slot, placed at the requesting enterprise."
            ),
            *ACTIVE_MEETING,
        ),
        _meeting_fact(
            "events.meetings_held",
            _("Meetings held"),
            _("Meetings reported as held, by the month of their slot."),
            MeetingStatus.HELD,
        ),
        _meeting_fact(
            "events.no_shows",
            _("Meeting no-shows"),
            _("Scheduled meetings a side did not attend, by the month of their slot."),
            MeetingStatus.NO_SHOW,
        ),
        Fact(
            code="events.deals",
            label=_("Deals signed"),
            definition=_(
                "Deals (MoUs and contracts) confirmed by every party, by month signed; the value "
                "is the deal's value in rials, counted once per deal at its first party."
            ),
            unit="rials",
            rows=_deal_rows,
            enterprise="enterprise",
            date="deal__signed_on",
            value=lambda: F("deal__value_rials"),
            series="deal__event_id",
            series_labels=event_names,
            changed="deal__confirmed_at",  # a deal counts once confirmed, which sets this
        ),
    )

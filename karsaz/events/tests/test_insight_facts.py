"""The events' insight facts against a hand-computed fixture: two events, requests, meetings in
every outcome and deals (one pending, which does not count)."""

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone, translation

from karsaz.events.insight_facts import event_names
from karsaz.events.models import Deal, Meeting, MeetingRequest
from karsaz.insights import catalog, months
from karsaz.insights.models import Cell
from karsaz.insights.selectors import Filters, breakdown
from karsaz.insights.services.refresh import refresh
from karsaz.testing.factories_events import make_delegate, make_event

pytestmark = pytest.mark.django_db
CODES = [c for c in catalog.facts() if c.startswith("events.")]


def series(code: str, **filters: Any) -> dict[str, tuple[int, int]]:
    fact = catalog.fact(code)
    assert fact is not None
    return {
        r["key"]: (r["rows"], r["total"]) for r in breakdown(fact, Filters(**filters), "series")
    }


@pytest.fixture
def data(users: Any) -> Any:
    fair = make_event(
        organizer=users.qazvin_officer, name_fa="نمایشگاه قزوین", name_en="Qazvin fair"
    )
    expo = make_event(organizer=users.qazvin_officer, name_fa="نمایشگاه دوم", name_en="")
    a = make_delegate(fair, username="ev-a", employees=25)
    b = make_delegate(fair, username="ev-b", employees=60)
    c = make_delegate(fair, username="ev-c", employees=3)
    a2 = make_delegate(expo, username="ev-a2", enterprise=a.participant.enterprise)
    b2 = make_delegate(expo, username="ev-b2", enterprise=b.participant.enterprise)
    slots, table = list(fair.slots.order_by("index")), fair.tables.first()
    expires = timezone.now() + dt.timedelta(days=2)

    def ask(event: Any, frm: Any, to: Any, status: str = "accepted") -> MeetingRequest:
        return MeetingRequest.objects.create(
            event=event, requester=frm, recipient=to, expires_at=expires, status=status
        )

    for n, (frm, to, status) in enumerate([(a, b, "held"), (a, c, "no_show"), (b, c, "scheduled")]):
        Meeting.objects.create(
            event=fair, request=ask(fair, frm, to), slot=slots[n], table=table, status=status
        )
    ask(fair, c, a, "declined")  # a request, no meeting
    ask(expo, a2, b2)
    firms = [d.participant.enterprise for d in (a, b, c)]
    today = timezone.localdate()
    for event, parties, value, status in [
        (fair, firms[:2], 33_000_000_000, "confirmed"),
        (fair, firms[1:], 9_000_000_000, "pending"),
        (expo, firms[:2], 2_000_000_000, "confirmed"),
    ]:
        deal = Deal.objects.create(
            event=event,
            kind="supply",
            document="contract",
            value_rials=value,
            signed_on=today,
            recorded_by=users.qazvin_officer,
            status=status,
        )
        deal.parties.set(parties)
    refresh(full=True, codes=CODES)
    return {
        "fair": str(fair.pk),
        "expo": str(expo.pk),
        "firms": firms,
        "slot_month": months.month_of(slots[0].starts_at),
        "today": months.month_of(today),
    }


def test_requests_per_event_at_the_requester(data: Any) -> None:
    fair, expo = data["fair"], data["expo"]
    assert series("events.requests") == {fair: (4, 4), expo: (1, 1)}
    rows = Cell.objects.filter(fact="events.requests", series=fair)
    assert sorted(rows.values_list("size_class", "rows")) == [
        ("medium", 1),
        ("micro", 1),
        ("small", 2),
    ]


def test_meetings_scheduled_held_and_no_shows(data: Any) -> None:
    fair = data["fair"]
    assert series("events.meetings_scheduled") == {fair: (3, 3)}
    assert series("events.meetings_held") == {fair: (1, 1)}
    assert series("events.no_shows") == {fair: (1, 1)}
    # Placed in the month of the meeting's slot, not of the request.
    months_held = set(
        Cell.objects.filter(fact="events.meetings_held").values_list("month", flat=True)
    )
    assert months_held == {data["slot_month"]}


def test_confirmed_deals_count_once_with_their_value(data: Any) -> None:
    assert series("events.deals") == {
        data["fair"]: (1, 33_000_000_000),
        data["expo"]: (1, 2_000_000_000),
    }
    first = data["firms"][0]
    assert set(
        Cell.objects.filter(fact="events.deals").values_list("month", "firms", "province")
    ) == {(data["today"], 1, first.province_id)}


def test_event_names_label_the_series(data: Any) -> None:
    with translation.override("fa"):
        names = event_names()
    assert (names[data["fair"]], names[data["expo"]]) == ("نمایشگاه قزوین", "نمایشگاه دوم")
    with translation.override("en"):
        names = event_names()
    # An event without an English name keeps its Persian one.
    assert (names[data["fair"]], names[data["expo"]]) == ("Qazvin fair", "نمایشگاه دوم")

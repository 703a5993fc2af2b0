"""Query budgets for the events API and pages: the count does not grow with the rows."""

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from karsaz.events import services
from karsaz.events.choices import DealKind
from karsaz.events.models import Deal, Meeting, MeetingRequest
from karsaz.testing.factories_events import make_delegate, make_event
from karsaz.testing.queries import N, assert_budgets, measure

pytestmark = pytest.mark.django_db

BUDGETS = {
    "api event list": 2,
    "api event detail": 1,
    "api request list": 4,
    "api request detail": 3,
    "api deal list": 6,
    "api deal detail": 5,
    "page event list": 3,
    "page event detail": 13,  # the meeting figures: one query for requests, one for meetings
    "page participants": 7,  # a page of 50, so also its count
    "page catalogue": 17,  # the filters' sector and province choices, and the pager's count
    "page requests": 9,  # was 10: the page no longer expires requests (an UPDATE) on GET
    "page agenda": 9,
    "page schedule": 8,
    "page event day": 7,  # the live counter
    "page deals": 9,
    "page report": 15,  # the checked-in delegates
}


def _world(organizer: Any) -> SimpleNamespace:
    # Eight slots and eight tables: room for every meeting the growth below asks for.
    event = make_event(organizer=organizer, tables=8, day_end=dt.time(13, 0))
    w = SimpleNamespace(event=event, organizer=organizer, grown=0)
    w.a = make_delegate(event, username="qb-a")
    w.b = make_delegate(event, username="qb-b")
    w.request = services.request_create(user=w.a.user, event=event, recipient=w.b, message="سلام")
    w.deal = _deal(w, w.a, w.b)
    return w


def _deal(w: SimpleNamespace, x: Any, y: Any) -> Deal:
    return services.deal_record(
        user=w.organizer,
        event=w.event,
        parties=[x.participant.enterprise, y.participant.enterprise],
        kind=DealKind.SUPPLY,
        document="contract",
        value_rials=1_000_000_000,
        signed_on=w.event.starts_on,
    )


def _accept(x: Any, y: Any, event: Any) -> None:
    req = services.request_create(user=x.user, event=event, recipient=y)
    services.request_answer(user=y.user, request=req, accept=True)


def _grow(w: SimpleNamespace, k: int) -> None:
    """k more pairs of delegates, each pair with a meeting and a deal; k more meetings and
    pending requests for delegate a; then a schedule run that places the meetings."""
    for _ in range(k):
        w.grown += 1
        x = make_delegate(w.event, username=f"qb-x{w.grown}")
        y = make_delegate(w.event, username=f"qb-y{w.grown}")
        _accept(x, y, w.event)
        _accept(x, w.a, w.event)
        services.request_create(user=y.user, event=w.event, recipient=w.a, message="درخواست")
        _deal(w, x, y)
    services.schedule_run_start(user=w.organizer, event=w.event, time_limit_s=2)


def _targets(w: SimpleNamespace) -> dict[str, tuple[Any, str]]:
    api = APIClient()
    api.force_authenticate(w.organizer)
    delegate_api = APIClient()
    delegate_api.force_authenticate(w.a.user)
    organizer = Client()
    organizer.force_login(w.organizer)
    delegate = Client()
    delegate.force_login(w.a.user)
    e = w.event.pk
    return {
        "api event list": (api, "/api/v1/events/"),
        "api event detail": (api, f"/api/v1/events/{e}/"),
        "api request list": (delegate_api, "/api/v1/event-requests/"),
        "api request detail": (delegate_api, f"/api/v1/event-requests/{w.request.pk}/"),
        "api deal list": (api, "/api/v1/event-deals/"),
        "api deal detail": (api, f"/api/v1/event-deals/{w.deal.pk}/"),
        "page event list": (organizer, "/events/"),
        "page event detail": (delegate, f"/events/{e}/"),
        "page participants": (organizer, f"/events/{e}/participants/"),
        "page catalogue": (delegate, f"/events/{e}/catalogue/"),
        "page requests": (delegate, f"/events/{e}/requests/"),
        "page agenda": (delegate, f"/events/{e}/agenda/"),
        "page schedule": (organizer, f"/events/{e}/schedule/"),
        "page event day": (organizer, f"/events/{e}/day/"),
        "page deals": (organizer, f"/events/{e}/deals/"),
        "page report": (organizer, f"/events/{e}/report/"),
    }


def test_events_queries_do_not_grow_with_rows(users: Any) -> None:
    w = _world(users.qazvin_officer)
    _grow(w, N)
    small = measure(_targets(w))
    _grow(w, 2 * N)
    assert MeetingRequest.objects.filter(event=w.event).count() == 1 + 3 * 3 * N
    placed = Meeting.objects.filter(event=w.event, slot__isnull=False)
    assert placed.count() == 2 * 3 * N  # the agenda, schedule and day pages list them all
    large = measure(_targets(w))
    assert_budgets(small, large, BUDGETS)

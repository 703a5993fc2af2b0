"""The events API's operations, each with its contract (karsaz.testing.api)."""

from types import SimpleNamespace

import pytest

from karsaz.events.badges import badge_token
from karsaz.testing.api import Contract, contract_tests
from karsaz.testing.factories_events import make_delegate, make_event


@pytest.fixture
def events_world(users: SimpleNamespace) -> SimpleNamespace:
    """A Qazvin event with one approved delegate; the Qazvin officer organizes it, the Tehran
    officer and the delegate do not."""
    event = make_event(organizer=users.qazvin_officer)
    delegate = make_delegate(event, username="contract-a")
    return SimpleNamespace(
        event=event,
        delegate=delegate,
        organizer=users.qazvin_officer,
        tehran=users.tehran_officer,
        member=delegate.user,
    )


def _badge(w: SimpleNamespace) -> dict[str, str]:
    return {"token": badge_token(event_id=w.event.pk, delegate_id=w.delegate.pk)}


CONTRACTS = [
    Contract("GET /api/v1/events/"),
    Contract("GET /api/v1/events/{id}/"),
    Contract(
        "POST /api/v1/events/{id}/check-in/",
        record=lambda w: w.event,
        user="organizer",
        denied=("tehran", "member"),
        body=_badge,
        bad=lambda w: {"token": "not-a-badge"},
        errors={"token": ("invalid_badge",)},
    ),
    Contract("GET /api/v1/event-requests/"),
    Contract("POST /api/v1/event-requests/"),
    Contract("GET /api/v1/event-requests/{id}/"),
    Contract("POST /api/v1/event-requests/{id}/answer/"),
    Contract("GET /api/v1/event-deals/"),
    Contract("GET /api/v1/event-deals/{id}/"),
    Contract("POST /api/v1/event-deals/{id}/confirm/"),
    Contract("POST /api/v1/event-runs/"),
    Contract("GET /api/v1/event-runs/{id}/"),
]

globals().update(contract_tests(CONTRACTS, world="events_world"))

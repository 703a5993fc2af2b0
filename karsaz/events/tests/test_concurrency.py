"""Two people booking at once never produce a double booking (needs a server database)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection

from karsaz.events import services
from karsaz.events.models import Meeting, Seat
from karsaz.testing.factories_events import make_delegate, make_event

pytestmark = pytest.mark.django_db(transaction=True)


def _race(*calls):  # type: ignore[no-untyped-def]
    barrier = threading.Barrier(len(calls))
    results: list[str] = []

    def run(call):  # type: ignore[no-untyped-def]
        barrier.wait()
        try:
            call()
            results.append("ok")
        except ValidationError:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(results)


@pytest.fixture(autouse=True)
def _reference(transactional_db):  # type: ignore[no-untyped-def]
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL")
    # Transactional tests start from an empty database: reload provinces and ISIC first.
    call_command("load_reference", verbosity=0)


@pytest.fixture
def people(users):  # type: ignore[no-untyped-def]
    event = make_event(organizer=users.qazvin_officer, tables=2)
    return event, [make_delegate(event, username=f"c{n}") for n in range(3)]


def test_two_moves_into_one_persons_slot_at_once(users, people):  # type: ignore[no-untyped-def]
    event, (a, b, c) = people
    meetings = []
    for other in (b, c):
        req = services.request_create(user=a.user, event=event, recipient=other)
        services.request_answer(user=other.user, request=req, accept=True)
        meetings.append(Meeting.objects.get(request=req))
    slot = event.slots.first()
    t1, t2 = list(event.tables.all())
    results = _race(
        lambda: services.meeting_move(
            user=users.qazvin_officer, meeting=meetings[0], slot=slot, table=t1
        ),
        lambda: services.meeting_move(
            user=users.qazvin_officer, meeting=meetings[1], slot=slot, table=t2
        ),
    )
    assert results == ["ok", "refused"]
    assert Seat.objects.filter(delegate=a, slot=slot).count() == 1


def test_two_requests_between_the_same_pair_at_once(users, people):  # type: ignore[no-untyped-def]
    event, (a, b, _c) = people
    results = _race(
        lambda: services.request_create(user=a.user, event=event, recipient=b),
        lambda: services.request_create(user=b.user, event=event, recipient=a),
    )
    assert results == ["ok", "refused"]

"""Request expiry: a periodic job writes it; pages only read (past-deadline reads as expired)."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from karsaz.core import periodic
from karsaz.core.errors import error_codes
from karsaz.events import selectors, services, tasks
from karsaz.events.choices import RequestStatus
from karsaz.events.models import MeetingRequest
from karsaz.testing.factories_events import make_delegate, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def requests(users):
    event = make_event(organizer=users.qazvin_officer)
    a = make_delegate(event, username="xa")
    b = make_delegate(event, username="xb")
    c = make_delegate(event, username="xc")
    late = services.request_create(user=a.user, event=event, recipient=b)
    live = services.request_create(user=c.user, event=event, recipient=b)
    MeetingRequest.objects.filter(pk=late.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    return event, a, b, late, live


def test_the_job_is_declared_every_fifteen_minutes():
    jobs = {job.name: job for job in periodic.discover_jobs()}
    job = jobs["karsaz.events.tasks.expire_requests"]
    assert job.module == "karsaz.events.periodic"
    assert job.spec.interval == dt.timedelta(minutes=15)


def test_the_job_expires_only_pending_requests_past_their_deadline(users, requests):
    _event, _a, _b, late, live = requests
    result = tasks.expire_requests.enqueue()
    assert result.return_value == 1
    late.refresh_from_db()
    live.refresh_from_db()
    assert (late.status, live.status) == (RequestStatus.EXPIRED, RequestStatus.PENDING)
    assert tasks.expire_requests.enqueue().return_value == 0


def test_the_requests_page_shows_late_requests_expired_without_writing(users, requests):
    event, a, b, late, live = requests
    shown = selectors.requests_of(user=b.user, event=event)
    assert {r.pk: r.status for r in shown["incoming"]} == {
        late.pk: RequestStatus.EXPIRED,
        live.pk: RequestStatus.PENDING,
    }
    assert [r.status for r in selectors.requests_of(user=a.user, event=event)["outgoing"]] == [
        RequestStatus.EXPIRED
    ]
    client = Client()
    client.force_login(b.user)
    page = client.get(f"/events/{event.pk}/requests/").content.decode()
    assert page.count('data-testid="accept"') == 1  # only the live request may be answered
    late.refresh_from_db()
    assert late.status == RequestStatus.PENDING  # the read wrote nothing


def test_answering_a_late_request_records_expiry_and_says_so_with_a_code(users, requests):
    _event, _a, b, late, _live = requests
    with pytest.raises(Exception) as caught:
        services.request_answer(user=b.user, request=late, accept=True)
    assert error_codes(caught.value) == {"status": ["expired"]}
    late.refresh_from_db()
    assert late.status == RequestStatus.EXPIRED

import pytest

from karsaz.events import services
from karsaz.events.choices import RunStatus
from karsaz.events.models import ScheduleRun
from karsaz.testing.factories_events import make_delegate, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(users):
    event = make_event(organizer=users.qazvin_officer)
    a = make_delegate(event, username="a")
    b = make_delegate(event, username="b")
    return event, a, b


def test_anonymous_gets_nothing(api_as, pair):
    assert api_as(None).get("/api/v1/events/").status_code in (401, 403)
    assert api_as(None).get("/api/v1/event-requests/").status_code in (401, 403)


def test_request_flow_and_private_message(api_as, users, pair):
    event, a, b = pair
    response = api_as(a.user).post(
        "/api/v1/event-requests/",
        {"event": event.pk, "recipient": b.pk, "priority": "must", "message": "محرمانه"},
        format="json",
    )
    assert response.status_code == 201, response.content
    rid = response.json()["id"]
    # Both parties read the message; the organizer sees the request but not the message.
    for user in (a.user, b.user):
        assert api_as(user).get(f"/api/v1/event-requests/{rid}/").json()["message"] == "محرمانه"
    seen = api_as(users.qazvin_officer).get(f"/api/v1/event-requests/{rid}/")
    assert seen.status_code == 200
    assert seen.json()["message"] is None
    assert api_as(users.outsider).get(f"/api/v1/event-requests/{rid}/").status_code == 404
    # Only the recipient answers; a second answer is a 400 with a field error.
    assert (
        api_as(a.user)
        .post(f"/api/v1/event-requests/{rid}/answer/", {"accept": True}, format="json")
        .status_code
        == 403
    )
    ok = api_as(b.user).post(f"/api/v1/event-requests/{rid}/answer/", {"accept": True})
    assert ok.status_code == 200 and ok.json()["status"] == "accepted"
    again = api_as(b.user).post(f"/api/v1/event-requests/{rid}/answer/", {"accept": False})
    assert again.status_code == 400 and "status" in again.json()


def test_bad_request_answers_400_in_persian(api_as, pair):
    event, a, _b = pair
    response = api_as(a.user).post(
        "/api/v1/event-requests/", {"event": event.pk, "recipient": a.pk}, format="json"
    )
    assert response.status_code == 400
    assert "recipient" in response.json()


def test_only_organizers_start_runs(api_as, users, pair):
    event, a, b = pair
    services.request_answer(
        user=b.user,
        request=services.request_create(user=a.user, event=event, recipient=b),
        accept=True,
    )
    for user in (a.user, users.tehran_officer):
        response = api_as(user).post(
            "/api/v1/event-runs/", {"event": event.pk, "time_limit_s": 2}, format="json"
        )
        assert response.status_code == 403
    assert not ScheduleRun.objects.exists()
    response = api_as(users.qazvin_officer).post(
        "/api/v1/event-runs/", {"event": event.pk, "time_limit_s": 2}, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == RunStatus.DONE
    assert body["scheduled"] == 1 and body["objective"] == body["upper_bound"] == 1

"""The API: the caller's own notifications, in the caller's language; read and read-all."""

import pytest

from karsaz.notifications import services
from karsaz.notifications.choices import Kind
from karsaz.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_list_is_the_callers_own_in_their_language(users, api_as):
    services.notify(
        users.sme_owner,
        Kind.EVENTS_MEETING_REQUEST,
        title="{name} asks to meet you.",
        params={"name": "سپهر"},
        link="/events/1/",
    )
    services.notify(users.national, Kind.CLINICS_CASE, title="not yours")
    body = api_as(users.sme_owner).get("/api/v1/notifications/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["count"] == 1
    row = body["results"][0]
    assert (row["kind"], row["title"], row["link"], row["unread"]) == (
        "events_meeting_request",
        "سپهر asks to meet you.",
        "/events/1/",
        True,
    )
    fa = api_as(users.sme_owner).get("/api/v1/notifications/", HTTP_ACCEPT_LANGUAGE="fa").json()
    assert fa["results"][0]["title"] == "سپهر درخواست دیدار با شما را دارد."


def test_read_one_and_read_all(users, api_as):
    rows = [services.notify(users.sme_owner, Kind.CLINICS_CASE, title=t) for t in "abc"]
    other = services.notify(users.national, Kind.CLINICS_CASE, title="x")
    client = api_as(users.sme_owner)
    response = client.post(f"/api/v1/notifications/{rows[0].pk}/read/")
    assert response.status_code == 200 and response.json()["unread"] is False
    assert client.post(f"/api/v1/notifications/{other.pk}/read/").status_code == 404
    assert client.post("/api/v1/notifications/read-all/").json() == {"marked": 2}
    assert Notification.objects.filter(read_at__isnull=True).count() == 1  # the other's

import importlib
import re

import pytest
from django.urls import reverse

from karsaz.core.persian import to_persian_digits
from karsaz.events import services
from karsaz.events.models import Meeting
from karsaz.testing.factories_events import make_delegate, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(users):
    event = make_event(organizer=users.qazvin_officer)
    a = make_delegate(event, username="a")
    b = make_delegate(event, username="b")
    req = services.request_create(user=a.user, event=event, recipient=b, message="پیام خصوصی")
    return event, a, b, req


def test_pages_render_for_delegates(client, world):
    event, a, _b, _req = world
    client.force_login(a.user)
    for name in ("event_detail", "catalogue", "requests", "agenda", "delegate_settings", "deals"):
        response = client.get(reverse(f"events:{name}", args=[event.pk]))
        assert response.status_code == 200, name
    assert client.get(reverse("events:event_list")).status_code == 200
    assert (
        client.get(reverse("events:agenda", args=[event.pk]) + "?format=pdf")["Content-Type"]
        == "application/pdf"
    )


def test_organizer_pages_are_for_organizers(client, users, world):
    event, a, _b, _req = world
    names = ("participants", "schedule", "event_day", "table_signs", "report")
    client.force_login(a.user)
    for name in names:
        assert client.get(reverse(f"events:{name}", args=[event.pk])).status_code == 403, name
    client.force_login(users.qazvin_officer)
    for name in names:
        assert client.get(reverse(f"events:{name}", args=[event.pk])).status_code == 200, name


def _messages_on_requests_page(client, event) -> dict[str, list[str]]:
    """The private messages the requests page shows, by section (incoming / outgoing)."""
    response = client.get(reverse("events:requests", args=[event.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    seen: dict[str, list[str]] = {"incoming": [], "outgoing": []}
    for side, item in re.findall(
        r'data-testid="(incoming|outgoing)-request">(.*?)</li>', html, re.S
    ):
        seen[side] += re.findall(r"<blockquote>(.*?)</blockquote>", item, re.S)
    assert sum(len(v) for v in seen.values()) == html.count("<blockquote>")
    return seen


def test_private_message_only_for_the_two_parties(client, users, world):
    event, a, b, _req = world
    c = make_delegate(event, username="c")
    services.request_create(user=c.user, event=event, recipient=a, message="پیام سوم")
    expected = {
        a.user: {"incoming": ["پیام سوم"], "outgoing": ["پیام خصوصی"]},
        b.user: {"incoming": ["پیام خصوصی"], "outgoing": []},
        c.user: {"incoming": [], "outgoing": ["پیام سوم"]},
        # The organizer runs the event but reads no delegate's private messages.
        users.qazvin_officer: {"incoming": [], "outgoing": []},
    }
    for user, messages in expected.items():
        client.force_login(user)
        assert _messages_on_requests_page(client, event) == messages, user.username
        for name in ("schedule", "participants", "event_day"):
            page = client.get(reverse(f"events:{name}", args=[event.pk])).content.decode()
            assert "پیام خصوصی" not in page and "پیام سوم" not in page, name


def test_accept_in_the_page_then_schedule_and_agendas(client, users, world):
    event, a, b, req = world
    client.force_login(b.user)
    client.post(reverse("events:request_answer", args=[event.pk, req.pk]), {"accept": "1"})
    assert Meeting.objects.filter(request=req).exists()
    client.force_login(a.user)
    assert (
        client.post(reverse("events:schedule", args=[event.pk]), {"time_limit_s": 2}).status_code
        == 403
    )
    client.force_login(users.qazvin_officer)
    client.post(reverse("events:schedule", args=[event.pk]), {"time_limit_s": 2})
    meeting = Meeting.objects.get(request=req)
    assert meeting.slot is not None
    for d in (a, b):
        client.force_login(d.user)
        page = client.get(reverse("events:agenda", args=[event.pk])).content.decode()
        other = b if d == a else a
        name = other.participant.enterprise.name_fa
        assert name in page or to_persian_digits(name) in page


def test_htmx_approval_returns_the_row(client, users, world):
    event, _a, _b, _req = world
    pending = make_delegate(event, username="p", approved=False)
    client.force_login(users.qazvin_officer)
    response = client.post(
        reverse("events:participant_decide", args=[event.pk, pending.participant.pk]),
        {"approve": "1"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert f'id="participant-{pending.participant.pk}"' in response.content.decode()
    pending.participant.refresh_from_db()
    assert pending.participant.status == "approved"


def test_staff_create_an_event_from_the_form_with_jalali_dates(client, users):
    client.force_login(users.qazvin_officer)
    assert client.get(reverse("events:event_create")).status_code == 200
    response = client.post(
        reverse("events:event_create"),
        {
            "name_fa": "نمایشگاه فناوری زنجان",
            "venue": "سالن همایش",
            "province": users.qazvin_officer.province_id,
            "starts_on": "۱۴۰۵/۱۰/۱۰",
            "days": "2",
            "day_start": "09:00",
            "day_end": "12:00",
            "slot_minutes": "30",
            "lunch_start": "10:00",
            "lunch_end": "10:30",
            "tables": "5",
            "booths": "0",
            "registration_opens": "۱۴۰۵/۰۹/۰۱",
            "registration_closes": "۱۴۰۵/۰۹/۳۰",
            "requests_close": "۱۴۰۵/۱۰/۰۵",
            "request_expiry_hours": "48",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    from karsaz.events.models import Event

    event = Event.objects.get(name_fa="نمایشگاه فناوری زنجان")
    assert str(event.starts_on) == "2026-12-31"
    assert event.slots.count() == 10 and event.tables.count() == 5
    client.force_login(users.sme_owner)
    assert client.get(reverse("events:event_create")).status_code == 403


def test_event_day_check_in_and_garbage_posts(client, users, world):
    event, a, _b, _req = world
    client.force_login(users.qazvin_officer)
    url = reverse("events:event_day", args=[event.pk])
    assert client.post(url, {"check_in": "abc"}).status_code == 404
    assert client.post(url, {"a": "x", "b": "", "slot": "1", "table": "1"}).status_code == 404
    assert client.post(url, {"check_in": a.pk}).status_code == 302
    a.refresh_from_db()
    assert a.checked_in_at is not None


def test_participant_profile_lists_its_exchange_records_without_confidential_details(client, world):
    from karsaz.testing.factories_technology import make_need

    event, a, b, _req = world
    make_need(user=b.user, enterprise=b.participant.enterprise, title="نیاز به قالب تزریق")
    client.force_login(a.user)
    url = reverse("events:participant_detail", args=[event.pk, b.participant.pk])
    html = client.get(url).content.decode()
    assert "نیاز به قالب تزریق" in html
    assert "محرمانه" not in html  # the need's confidential details stay with its owner


def test_organizers_page_registrations_awaiting_a_decision_first(client, users, world, monkeypatch):
    event, a, b, _req = world
    pending = make_delegate(event, username="late", approved=False)
    views = importlib.import_module("karsaz.events.views.participants")
    monkeypatch.setattr(views, "PARTICIPANTS_PAGE_SIZE", 2)
    client.force_login(users.qazvin_officer)
    url = reverse("events:participants", args=[event.pk])
    first, second = client.get(url), client.get(url, {"page": 2})
    ids = [[p.pk for p in r.context["page"].object_list] for r in (first, second)]
    assert ids == [[pending.participant.pk, a.participant.pk], [b.participant.pk]]
    assert f'data-testid="approve-{pending.participant.pk}"' in first.content.decode()

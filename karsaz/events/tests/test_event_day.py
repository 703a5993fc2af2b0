"""The event day: badges and check-in, the live counter, meeting outcomes from the schedule,
the one set of meeting figures (overview = report), request withdraw/edit, ICS statuses and the
catalogue filters."""

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from karsaz.core.errors import error_codes
from karsaz.core.persian import to_persian_digits
from karsaz.events import badges, documents, selectors, services
from karsaz.events.choices import MeetingStatus, Priority, RequestStatus
from karsaz.events.models import Delegate, Meeting, MeetingRequest, Seat
from karsaz.notifications.models import Notification
from karsaz.registry.choices import EnterpriseKind
from karsaz.testing.factories_events import make_delegate, make_event

pytestmark = pytest.mark.django_db


def _token(delegate: Delegate) -> str:
    return badges.badge_token(event_id=delegate.event_id, delegate_id=delegate.pk)


@pytest.fixture
def desk(users):
    event = make_event(organizer=users.qazvin_officer)
    a = make_delegate(event, username="a", name_fa="صنایع نوین البرز")
    b = make_delegate(event, username="b", name_fa="فناوران پایش انرژی")
    pending = make_delegate(event, username="p", approved=False)
    return event, a, b, pending


# Badges and check-in ------------------------------------------------------------------------


def test_a_badge_token_is_signed_and_a_forged_one_is_refused(desk):
    _event, a, _b, _p = desk
    token = _token(a)
    assert badges.read_badge(token) == (a.event_id, a.pk)
    assert badges.read_badge(f"  {token}\n") == (a.event_id, a.pk)  # a scanner's Enter
    forged = token.rsplit(":", 1)[0] + ":" + "A" * 43
    for bad in (forged, str(a.pk), "", f"{a.event_id}:{a.pk}"):
        with pytest.raises(badges.BadBadge):
            badges.read_badge(bad)
    svg = badges.qr_svg(token)
    assert svg.startswith("<svg") and "<path" in svg


def test_check_in_by_badge_is_idempotent_and_counts(users, desk):
    event, a, _b, _p = desk
    officer = users.qazvin_officer
    assert selectors.checkin_counts(user=officer, event=event) == {
        "registered": 2,
        "checked_in": 0,
    }
    delegate, before = services.delegate_check_in_by_badge(
        user=officer, event=event, token=_token(a)
    )
    assert (delegate.pk, before) == (a.pk, False)
    first = Delegate.objects.get(pk=a.pk).checked_in_at
    assert first is not None
    delegate, before = services.delegate_check_in_by_badge(
        user=officer, event=event, token=_token(a)
    )
    assert before is True and Delegate.objects.get(pk=a.pk).checked_in_at == first
    assert selectors.checkin_counts(user=officer, event=event) == {
        "registered": 2,
        "checked_in": 1,
    }


def test_check_in_refuses_another_events_badge_forgeries_and_pending_delegates(users, desk):
    event, a, _b, pending = desk
    other = make_event(organizer=users.qazvin_officer)
    stranger = make_delegate(other, username="s")
    officer = users.qazvin_officer
    cases = (
        (_token(stranger), "other_event"),
        (_token(a)[:-2] + "xx", "invalid_badge"),
        ("hello", "invalid_badge"),
        (_token(pending), "not_approved"),
    )
    for token, code in cases:
        with pytest.raises(ValidationError) as caught:
            services.delegate_check_in_by_badge(user=officer, event=event, token=token)
        codes = error_codes(caught.value)
        assert [c for field in codes.values() for c in field] == [code], (token, codes)
    assert not Delegate.objects.filter(checked_in_at__isnull=False).exists()


def test_another_events_organizer_cannot_check_in(users, desk):
    event, a, _b, _p = desk
    for user in (users.tehran_officer, a.user, users.outsider):
        with pytest.raises(PermissionDenied):
            services.delegate_check_in_by_badge(user=user, event=event, token=_token(a))
        with pytest.raises(PermissionDenied):
            services.delegate_check_in(user=user, delegate=a)
    assert Delegate.objects.get(pk=a.pk).checked_in_at is None


def test_the_desk_page_scans_searches_and_polls_the_counter(client, users, desk):
    event, a, b, _p = desk
    client.force_login(users.qazvin_officer)
    url = reverse("events:event_day", args=[event.pk])
    page = client.get(url).content.decode()
    assert 'data-testid="scan-box"' in page
    assert f'hx-get="{reverse("events:checkin_counter", args=[event.pk])}"' in page
    response = client.post(url, {"token": _token(a)}, follow=True)
    assert "checked in" in response.content.decode() or "وارد" in response.content.decode()
    counter = client.get(reverse("events:checkin_counter", args=[event.pk])).content.decode()
    count = re.search(r'data-testid="checked-in-count">([^<]+)<', counter)
    assert count and count.group(1) == to_persian_digits(1)
    assert Delegate.objects.get(pk=a.pk).checked_in_at is not None
    # A bad scan says why, in the page's language, and checks nobody in.
    response = client.post(url, {"token": "garbage"}, follow=True)
    assert response.status_code == 200
    assert "نشان" in response.content.decode()
    # The search finds by enterprise (Persian, htmx fragment) and checks in by button.
    found = client.get(url, {"q": "پایش"}, HTTP_HX_REQUEST="true").content.decode()
    assert found.count('data-testid="checkin-row"') == 1 and "b" in found
    client.post(url, {"check_in": b.pk, "q": "پایش"})
    assert Delegate.objects.get(pk=b.pk).checked_in_at is not None


def test_badges_page_for_organizers_and_for_a_delegate_alone(client, users, desk):
    event, a, b, pending = desk
    url = reverse("events:badges", args=[event.pk])
    client.force_login(users.qazvin_officer)
    html = client.get(url).content.decode()
    tokens = re.findall(r'data-testid="badge" data-token="([^"]+)"', html)
    assert sorted(badges.read_badge(t)[1] for t in tokens) == sorted([a.pk, b.pk])
    assert html.split('<main class="page">')[1].count("<svg") == 2  # the header has its own
    client.force_login(a.user)
    tokens = re.findall(r'data-token="([^"]+)"', client.get(url).content.decode())
    assert [badges.read_badge(t) for t in tokens] == [(event.pk, a.pk)]
    client.force_login(pending.user)
    assert client.get(url).status_code == 403
    client.force_login(users.tehran_officer)
    assert client.get(reverse("events:checkin_counter", args=[event.pk])).status_code == 403


def test_api_check_in(api_as, users, desk):
    event, a, _b, _p = desk
    url = f"/api/v1/events/{event.pk}/check-in/"
    response = api_as(users.qazvin_officer).post(url, {"token": _token(a)}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["delegate"], body["already"]) == (a.pk, False)
    again = api_as(users.qazvin_officer).post(url, {"token": _token(a)}, format="json").json()
    assert again["already"] is True and again["checked_in_at"] == body["checked_in_at"]
    assert api_as(users.tehran_officer).post(url, {"token": _token(a)}).status_code == 403
    other = make_event(organizer=users.qazvin_officer)
    wrong = api_as(users.qazvin_officer).post(
        f"/api/v1/events/{other.pk}/check-in/", {"token": _token(a)}, format="json"
    )
    assert wrong.status_code == 400
    assert wrong.json()["token"][0]["code"] == "other_event"


# Outcomes and figures -----------------------------------------------------------------------


@pytest.fixture
def day(users):
    """A past event's schedule: meetings in every state."""
    event = make_event(organizer=users.qazvin_officer, days_ahead=-1, tables=3)
    people = [make_delegate(event, username=f"d{n}") for n in range(6)]
    slots, tables = list(event.slots.all()), list(event.tables.all())

    def meeting(a: int, b: int, status: str, slot: int | None, table: int | None) -> Meeting:
        req = MeetingRequest.objects.create(
            event=event,
            requester=people[a],
            recipient=people[b],
            status=RequestStatus.ACCEPTED,
            expires_at=timezone.now(),
        )
        m = Meeting.objects.create(
            event=event,
            request=req,
            status=status,
            slot=slots[slot] if slot is not None else None,
            table=tables[table] if table is not None else None,
        )
        if status == MeetingStatus.SCHEDULED:
            for d in (people[a], people[b]):
                Seat.objects.create(meeting=m, delegate=d, slot=m.slot)
        return m

    ms = {
        "held": meeting(0, 1, MeetingStatus.HELD, 0, 0),
        "both_came": meeting(2, 3, MeetingStatus.SCHEDULED, 0, 1),
        "one_came": meeting(4, 5, MeetingStatus.SCHEDULED, 0, 2),
        "no_show": meeting(0, 2, MeetingStatus.NO_SHOW, 1, 0),
        "cancelled": meeting(1, 3, MeetingStatus.CANCELLED, None, None),
        "unscheduled": meeting(1, 4, MeetingStatus.UNSCHEDULED, None, None),
    }
    MeetingRequest.objects.create(
        event=event, requester=people[5], recipient=people[0], expires_at=timezone.now()
    )
    morning = timezone.now() - dt.timedelta(days=1, hours=3)
    Delegate.objects.filter(pk__in=[people[i].pk for i in (0, 1, 2, 3, 4)]).update(
        checked_in_at=morning
    )
    return event, people, ms


def test_meeting_figures_count_held_by_check_in_and_agree_with_overview_and_report(
    client, users, day
):
    event, _people, _ms = day
    figures = selectors.meeting_figures(event)
    assert figures == {
        "requested": 7,
        "accepted": 6,
        "scheduled": 4,  # held, both came, one came, no-show
        "held": 2,  # marked held, and scheduled with both checked in after the slot ended
        "no_shows": 1,
        "cancelled": 1,
        "no_show_rate": 1 / 3,
    }
    report = selectors.event_report(user=users.qazvin_officer, event=event)
    assert (report["scheduled"], report["held"], report["no_shows"]) == (4, 2, 1)
    assert report["checked_in"] == 5
    assert sum(r["held"] for r in report["by_day"]) == 2
    client.force_login(users.qazvin_officer)
    overview = client.get(reverse("events:event_detail", args=[event.pk])).content.decode()
    scheduled = re.search(
        r'data-testid="overview-scheduled"><span class="stat-value">([^<]+)<', overview
    )
    held = re.search(r'data-testid="overview-held"><span class="stat-value">([^<]+)<', overview)
    assert scheduled and scheduled.group(1) == to_persian_digits(4)
    assert held and held.group(1) == to_persian_digits(2)


def test_organizer_marks_a_no_show_and_back_from_the_schedule(client, users, day):
    event, people, ms = day
    officer = users.qazvin_officer
    m = ms["both_came"]
    services.meeting_mark(user=officer, meeting=m, held=False)
    m.refresh_from_db()
    assert m.status == MeetingStatus.NO_SHOW and not m.seats.exists()
    assert selectors.meeting_figures(event)["held"] == 1
    services.meeting_mark(user=officer, meeting=m, held=True)
    m.refresh_from_db()
    assert m.status == MeetingStatus.HELD and m.seats.count() == 2
    assert selectors.meeting_figures(event)["held"] == 2
    for user in (people[2].user, users.tehran_officer):
        with pytest.raises(PermissionDenied):
            services.meeting_mark(user=user, meeting=m, held=False)
    with pytest.raises(ValidationError) as caught:
        services.meeting_mark(user=officer, meeting=ms["cancelled"], held=False)
    assert error_codes(caught.value) == {"status": ["invalid_state"]}
    # The schedule page offers the buttons, and posting one marks it.
    client.force_login(officer)
    page = client.get(reverse("events:schedule", args=[event.pk])).content.decode()
    assert page.count('data-testid="mark-form"') == 4
    url = reverse("events:meeting_action", args=[event.pk, ms["one_came"].pk, "mark"])
    client.post(url, {"held": "0"})
    assert Meeting.objects.get(pk=ms["one_came"].pk).status == MeetingStatus.NO_SHOW


def test_a_meeting_cannot_be_marked_before_it_starts(users):
    event = make_event(organizer=users.qazvin_officer)
    a, b = make_delegate(event, username="a"), make_delegate(event, username="b")
    req = services.request_create(user=a.user, event=event, recipient=b)
    services.request_answer(user=b.user, request=req, accept=True)
    m = services.meeting_move(
        user=users.qazvin_officer,
        meeting=Meeting.objects.get(request=req),
        slot=event.slots.first(),
        table=event.tables.first(),
    )
    with pytest.raises(ValidationError) as caught:
        services.meeting_mark(user=users.qazvin_officer, meeting=m, held=False)
    assert error_codes(caught.value) == {"status": ["not_started"]}


def test_ics_calls_off_no_shows_and_no_calendar_without_meetings(client, users, day):
    event, people, ms = day
    cal = Calendar.from_ical(documents.meeting_ics(ms["no_show"]))
    vevent = next(c for c in cal.walk() if c.name == "VEVENT")
    assert (cal["METHOD"], vevent["STATUS"]) == ("CANCEL", "CANCELLED")
    meetings = selectors.agenda(user=people[0].user, delegate=people[0])
    statuses = {
        str(c["UID"]): str(c["STATUS"])
        for c in Calendar.from_ical(documents.agenda_ics(people[0], meetings)).walk()
        if c.name == "VEVENT"
    }
    assert statuses == {
        f"{ms['held'].uid}@karsaz": "CONFIRMED",
        f"{ms['no_show'].uid}@karsaz": "CANCELLED",
    }
    client.force_login(people[0].user)
    html = client.get(reverse("events:agenda", args=[event.pk])).content.decode()
    assert 'data-testid="agenda-ics"' in html
    lonely = make_delegate(event, username="lonely")
    client.force_login(lonely.user)
    html = client.get(reverse("events:agenda", args=[event.pk])).content.decode()
    assert 'data-testid="agenda-ics"' not in html and "?format=ics" not in html


# Requests: withdraw and edit ----------------------------------------------------------------


def test_requester_withdraws_or_edits_a_pending_request_only(client, desk):
    event, a, b, _p = desk
    req = services.request_create(user=a.user, event=event, recipient=b, message="سلام")
    with pytest.raises(PermissionDenied):
        services.request_withdraw(user=b.user, request=req)
    edited = services.request_edit(
        user=a.user, request=req, priority=Priority.MUST, message="پیام تازه"
    )
    assert (edited.priority, edited.message) == (Priority.MUST, "پیام تازه")
    with pytest.raises(ValidationError) as caught:
        services.request_edit(user=a.user, request=req, priority="urgent")
    assert error_codes(caught.value) == {"priority": ["invalid_choice"]}
    withdrawn = services.request_withdraw(user=a.user, request=req)
    assert withdrawn.status == RequestStatus.WITHDRAWN
    notices = Notification.objects.filter(recipient=b.user, title__contains="withdrew")
    assert list(notices.values_list("title", flat=True)) == [
        "{name} withdrew their meeting request."
    ]
    with pytest.raises(ValidationError) as caught:
        services.request_withdraw(user=a.user, request=req)
    assert error_codes(caught.value) == {"status": ["already_done"]}
    # A withdrawn request frees the pair for a new one; an accepted one cannot be withdrawn.
    again = services.request_create(user=a.user, event=event, recipient=b)
    services.request_answer(user=b.user, request=again, accept=True)
    with pytest.raises(ValidationError):
        services.request_withdraw(user=a.user, request=again)
    assert selectors.meeting_figures(event)["accepted"] == 1


def test_requests_page_offers_withdraw_and_edit_to_the_requester(client, desk):
    event, a, b, _p = desk
    req = services.request_create(user=a.user, event=event, recipient=b)
    client.force_login(b.user)
    assert (
        'data-testid="withdraw"'
        not in client.get(reverse("events:requests", args=[event.pk])).content.decode()
    )
    client.force_login(a.user)
    html = client.get(reverse("events:requests", args=[event.pk])).content.decode()
    assert html.count('data-testid="withdraw"') == 1
    edit = reverse("events:request_edit", args=[event.pk, req.pk])
    client.post(edit, {f"r{req.pk}-priority": "must", f"r{req.pk}-message": "x" * 501})
    assert MeetingRequest.objects.get(pk=req.pk).priority == Priority.WOULD_LIKE  # refused
    client.post(edit, {f"r{req.pk}-priority": "must", f"r{req.pk}-message": "بیایید"})
    assert MeetingRequest.objects.get(pk=req.pk).priority == Priority.MUST
    client.post(reverse("events:request_withdraw", args=[event.pk, req.pk]))
    assert MeetingRequest.objects.get(pk=req.pk).status == RequestStatus.WITHDRAWN


# Catalogue filters --------------------------------------------------------------------------


def test_catalogue_filters_by_province_kind_sector_and_what_they_offer_or_seek(
    client, users, provinces
):
    from karsaz.events.models import Participant
    from karsaz.registry.models import IsicActivity

    event = make_event(organizer=users.qazvin_officer)
    me = make_delegate(event, username="me")
    section = IsicActivity.objects.filter(parent__isnull=True).order_by("code").first()
    child = IsicActivity.objects.filter(parent=section).first() if section else None
    make_delegate(event, username="x1", kind=EnterpriseKind.KNOWLEDGE_BASED, isic=child)
    make_delegate(event, username="x2", province=provinces.tehran)
    make_delegate(event, username="x3")
    Participant.objects.filter(delegates__user__username="x1").update(offering="اینترنت اشیا")
    Participant.objects.filter(delegates__user__username="x3").update(looking_for="قطعات ریخته‌گری")
    client.force_login(me.user)
    url = reverse("events:catalogue", args=[event.pk])

    def shown(**params: str) -> int:
        html = client.get(url, params, HTTP_HX_REQUEST="true").content.decode()
        return html.count('data-testid="participant-card"')

    assert shown() == 3
    assert shown(province="23") == 1
    assert shown(kind=EnterpriseKind.KNOWLEDGE_BASED) == 1
    assert shown(offers="اینترنت") == 1
    assert shown(seeks="ريخته گري") == 1  # Arabic letters, no ZWNJ
    if child is not None:
        assert shown(sector=section.code) == 1
    page = client.get(url, {"kind": "nonsense"})
    assert page.status_code == 200 and 'data-testid="participant-card"' not in page.content.decode()

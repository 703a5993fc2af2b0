import pytest
from icalendar import Calendar

from karsaz.events import documents, services
from karsaz.events.models import Meeting
from karsaz.testing.factories_events import make_delegate, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(users):
    event = make_event(organizer=users.qazvin_officer)
    a = make_delegate(event, username="a", name_fa="صنایع نوین البرز")
    b = make_delegate(event, username="b", name_fa="فناوران پایش انرژی")
    req = services.request_create(user=a.user, event=event, recipient=b)
    services.request_answer(user=b.user, request=req, accept=True)
    m = Meeting.objects.get(request=req)
    return services.meeting_move(
        user=users.qazvin_officer, meeting=m, slot=event.slots.first(), table=event.tables.first()
    )


def _vevent(ics: bytes):
    cal = Calendar.from_ical(ics)
    return cal, next(c for c in cal.walk() if c.name == "VEVENT")


def test_ics_has_stable_uid_raised_sequence_and_tehran_zone(users, meeting):
    cal, first = _vevent(documents.meeting_ics(meeting))
    assert cal["METHOD"] == "REQUEST"
    assert first["UID"] == f"{meeting.uid}@karsaz"
    assert first["DTSTART"].params["TZID"] == "Asia/Tehran"
    assert any(c.name == "VTIMEZONE" for c in cal.walk())
    slot = meeting.event.slots.all()[1]
    moved = services.meeting_move(
        user=users.qazvin_officer, meeting=meeting, slot=slot, table=meeting.table
    )
    _cal, second = _vevent(documents.meeting_ics(moved))
    assert second["UID"] == first["UID"]
    assert int(second["SEQUENCE"]) == int(first["SEQUENCE"]) + 1
    cancelled = services.meeting_cancel(user=users.qazvin_officer, meeting=moved)
    cal3, third = _vevent(documents.meeting_ics(cancelled))
    assert cal3["METHOD"] == "CANCEL"
    assert third["STATUS"] == "CANCELLED"
    assert int(third["SEQUENCE"]) > int(second["SEQUENCE"])
    assert third["UID"] == first["UID"]


def test_agenda_pdf_embeds_the_persian_font_and_shapes_text(meeting):
    delegate = meeting.request.requester
    pdf = documents.agenda_pdf(delegate, [meeting])
    assert pdf.startswith(b"%PDF")
    assert b"Vazirmatn" in pdf
    # Shaped Persian uses the font's contextual glyph forms, so the PDF maps glyphs back
    # to text through a ToUnicode table.
    assert b"ToUnicode" in pdf


def test_ics_of_an_unscheduled_meeting_or_another_events_meeting_is_a_404(users, meeting):
    from django.test import Client

    client = Client()
    client.force_login(meeting.request.requester.user)
    url = f"/events/{meeting.event_id}/meetings/{meeting.pk}.ics"
    assert client.get(url).status_code == 200
    other = make_event(organizer=users.qazvin_officer)
    assert client.get(f"/events/{other.pk}/meetings/{meeting.pk}.ics").status_code == 404
    Meeting.objects.filter(pk=meeting.pk).update(slot=None, table=None, status="unscheduled")
    assert client.get(url).status_code == 404

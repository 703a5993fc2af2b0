"""Agenda documents: ICS calendars and the Persian PDF agenda.

ICS: one stable UID per meeting (`<meeting.uid>@karsaz`), SEQUENCE = the meeting's sequence
(raised by every move or cancellation), METHOD:CANCEL with STATUS:CANCELLED for a cancelled
meeting, times with TZID=Asia/Tehran and the VTIMEZONE included.
PDF: fpdf2 with HarfBuzz shaping (uharfbuzz) in right-to-left direction and the bundled
Vazirmatn fonts, so Persian letters join and run in the right order.
"""

from pathlib import Path
from typing import Any

from django.utils import timezone
from fpdf import FPDF
from icalendar import Calendar
from icalendar import Event as VEvent

from karsaz.core.jalali import format_date
from karsaz.core.persian import to_persian_digits
from karsaz.events.choices import MeetingStatus
from karsaz.events.models import Delegate, Event, Meeting
from karsaz.events.slots import TEHRAN

FONTS = Path(__file__).resolve().parent.parent / "core" / "static" / "karsaz" / "fonts"
PRODID = "-//Karsaz//Events//FA"
# Meetings that will not (or did not) take place: STATUS:CANCELLED in the calendars.
CALLED_OFF = (MeetingStatus.CANCELLED, MeetingStatus.NO_SHOW)


def other_side(meeting: Meeting, delegate: Delegate) -> Delegate:
    req = meeting.request
    return req.recipient if req.requester_id == delegate.pk else req.requester


def _vevent(meeting: Meeting, *, viewer: Delegate | None) -> VEvent:
    assert meeting.slot is not None
    vevent = VEvent()
    vevent.add("uid", f"{meeting.uid}@karsaz")
    vevent.add("sequence", meeting.sequence)
    vevent.add("dtstamp", meeting.updated_at)
    vevent.add("dtstart", timezone.localtime(meeting.slot.starts_at, TEHRAN))
    vevent.add("dtend", timezone.localtime(meeting.slot.ends_at, TEHRAN))
    req = meeting.request
    if viewer is not None:
        partner = other_side(meeting, viewer)
        summary = f"دیدار با {partner.participant.enterprise.name_fa}"
    else:
        summary = (
            f"{req.requester.participant.enterprise.name_fa} — "
            f"{req.recipient.participant.enterprise.name_fa}"
        )
    vevent.add("summary", summary)
    where = meeting.event.venue + (f"، {meeting.table.name}" if meeting.table else "")
    vevent.add("location", where)
    vevent.add("status", "CANCELLED" if meeting.status in CALLED_OFF else "CONFIRMED")
    return vevent


def _calendar(method: str, event: Event) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", method)
    cal.add("x-wr-calname", event.name_fa)
    return cal


def meeting_ics(meeting: Meeting, *, viewer: Delegate | None = None) -> bytes:
    """One meeting: METHOD:REQUEST, or METHOD:CANCEL once it is cancelled or a no-show."""
    cal = _calendar("CANCEL" if meeting.status in CALLED_OFF else "REQUEST", meeting.event)
    cal.add_component(_vevent(meeting, viewer=viewer))
    cal.add_missing_timezones()
    return cal.to_ical()


def agenda_ics(delegate: Delegate, meetings: list[Meeting]) -> bytes:
    """A delegate's whole agenda; cancelled meetings and no-shows stay in it as
    STATUS:CANCELLED."""
    cal = _calendar("PUBLISH", delegate.event)
    for meeting in meetings:
        if meeting.slot is not None:
            cal.add_component(_vevent(meeting, viewer=delegate))
    cal.add_missing_timezones()
    return cal.to_ical()


class _Pdf(FPDF):
    def __init__(self) -> None:
        super().__init__(format="A4")
        self.add_font("Vazirmatn", "", str(FONTS / "Vazirmatn-Regular.ttf"))
        self.add_font("Vazirmatn", "B", str(FONTS / "Vazirmatn-Bold.ttf"))
        self.set_text_shaping(
            use_shaping_engine=True, direction="rtl", script="arab", language="fas"
        )
        self.set_auto_page_break(auto=True, margin=15)

    def para(self, text: str, *, size: int = 11, bold: bool = False, h: float = 8) -> None:
        self.set_font("Vazirmatn", "B" if bold else "", size)
        self.cell(0, h, text, align="R", new_x="LMARGIN", new_y="NEXT")


def _fit(pdf: FPDF, text: str, width: float) -> str:
    """Cuts text to the cell's width (on whole words when it can), marking the cut."""
    if pdf.get_string_width(text) <= width:
        return text
    words = text.split(" ")
    while len(words) > 1 and pdf.get_string_width(" ".join(words) + "…") > width:
        words.pop()
    cut = " ".join(words)
    while cut and pdf.get_string_width(cut + "…") > width:
        cut = cut[:-1]
    return cut + "…"


def _clock(value: Any) -> str:
    local = timezone.localtime(value, TEHRAN)
    return to_persian_digits(f"{local:%H:%M}")


def agenda_pdf(delegate: Delegate, meetings: list[Meeting]) -> bytes:
    event = delegate.event
    pdf = _Pdf()
    pdf.add_page()
    pdf.para(event.name_fa, size=16, bold=True, h=11)
    pdf.para(f"{event.venue} — {format_date(event.starts_on, style='long')}", size=10, h=7)
    pdf.ln(2)
    pdf.para(
        f"برنامهٔ دیدارهای {delegate.user.display_name}، {delegate.participant.enterprise.name_fa}",
        size=13,
        bold=True,
    )
    pdf.ln(2)
    columns = (("روز", 40), ("ساعت", 30), ("میز", 25), ("طرف دیدار", 95))  # right to left
    x_right = pdf.w - pdf.r_margin

    def row(cells: list[str], *, fill: bool = False) -> None:
        x, y = x_right, pdf.get_y()
        if y > pdf.h - 25:
            pdf.add_page()
            y = pdf.get_y()
        for text, (_head, width) in zip(cells, columns, strict=True):
            x -= width
            pdf.set_xy(x, y)
            pdf.cell(width, 8, _fit(pdf, text, width - 3), border=1, align="R", fill=fill)
        pdf.set_xy(pdf.l_margin, y + 8)

    pdf.set_font("Vazirmatn", "B", 10)
    pdf.set_fill_color(230, 244, 241)
    row([head for head, _w in columns], fill=True)
    pdf.set_font("Vazirmatn", "", 10)
    shown = [m for m in meetings if m.slot is not None and m.status != MeetingStatus.CANCELLED]
    for meeting in shown:
        assert meeting.slot is not None
        partner = other_side(meeting, delegate)
        row(
            [
                format_date(meeting.slot.day, style="long"),
                f"{_clock(meeting.slot.starts_at)} تا {_clock(meeting.slot.ends_at)}",
                to_persian_digits(meeting.table.name) if meeting.table else "—",
                f"{partner.participant.enterprise.name_fa} — {partner.user.display_name}",
            ]
        )
    if not shown:
        pdf.para("هنوز دیداری برای شما برنامه‌ریزی نشده است.", size=10)
    return bytes(pdf.output())

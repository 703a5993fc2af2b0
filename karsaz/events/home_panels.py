"""Events on the home page: a delegate's upcoming meetings and the requests that wait for
their answer; agency staff's events and the registrations waiting for their approval."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from karsaz.core.i18n import page_language
from karsaz.core.panels import ROWS, Cell, Figure, Panel, Row, bilingual
from karsaz.events import selectors
from karsaz.events.permissions import EventScope
from karsaz.registry import selectors as registry_selectors


def panels(*, user: Any) -> list[Panel]:
    if not getattr(user, "is_authenticated", False):
        return []
    found = []
    scope = EventScope(user)
    if scope.national or scope.province_id is not None:
        found.append(_organizer(user))
    meetings = selectors.upcoming_meetings(user=user)
    waiting = selectors.requests_awaiting(user=user).count()
    soon = list(meetings[:ROWS])
    firms = registry_selectors.member_firms(user=user, kinds=registry_selectors.EXCHANGE_KINDS)
    if soon or waiting or firms:
        found.append(_meetings(user, meetings.count(), soon, waiting))
    return found


def _meetings(user: Any, total: int, soon: list[Any], waiting: int) -> Panel:
    rows = []
    for meeting in soon:
        mine = meeting.request.requester.user_id == user.pk
        other = meeting.request.recipient if mine else meeting.request.requester
        rows.append(
            Row(
                (
                    Cell(
                        meeting.slot.starts_at,
                        "datetime",
                        href=reverse("events:agenda", args=[meeting.event_id]),
                    ),
                    Cell(bilingual(meeting.event)),
                    Cell(bilingual(other.participant.enterprise)),
                    Cell(meeting.table.name if meeting.table else "—"),
                )
            )
        )
    return Panel(
        key="events-meetings",
        title=_("Your upcoming meetings"),
        order=30,
        figures=(
            Figure(_("Upcoming meetings"), total, key="meetings-upcoming"),
            Figure(
                _("Requests awaiting your answer"),
                waiting,
                reverse("events:notifications"),
                warn=waiting > 0,
                key="meetings-requests",
            ),
        ),
        headers=(_("When"), _("Event"), _("With"), _("Table")),
        rows=tuple(rows),
        empty=_("No meeting is scheduled for you. Join an event to meet partners."),
        more=(_("Events"), reverse("events:event_list")),
    )


def _organizer(user: Any) -> Panel:
    queue = selectors.organizer_queue(user=user)
    fa = page_language() == "fa"
    return Panel(
        key="events-organizer",
        title=_("Events you oversee"),
        order=35,
        figures=(
            Figure(
                _("Upcoming events"),
                queue["upcoming"],
                reverse("events:event_list"),
                key="events-upcoming",
            ),
            Figure(
                _("Registrations awaiting approval"),
                queue["pending"],
                warn=queue["pending"] > 0,
                key="events-pending",
            ),
        ),
        headers=(_("Event"), _("Starts"), _("Awaiting approval")),
        rows=tuple(
            Row(
                (
                    Cell(
                        row["event__name_fa"]
                        if fa
                        else (row["event__name_en"] or row["event__name_fa"]),
                        href=reverse("events:participants", args=[row["event_id"]]),
                    ),
                    Cell(row["event__starts_on"], "date"),
                    Cell(row["n"], "num"),
                )
            )
            for row in queue["events"]
        ),
        empty=_("No registration waits for your approval."),
    )


def _name(row: dict[str, Any], fa: bool) -> str:
    return str(row["event__name_fa"] if fa else (row["event__name_en"] or row["event__name_fa"]))

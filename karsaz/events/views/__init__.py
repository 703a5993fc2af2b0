"""The events pages: thin views that read through selectors and write through services.

Modules: events (list, create, detail, register, report, notifications), participants,
requests, agenda (delegate pages and meeting actions), organizer (scheduling), event_day, deals.
"""

from karsaz.events.views.agenda import agenda, delegate_settings, meeting_action, meeting_ics
from karsaz.events.views.deals import deal_confirm, deals
from karsaz.events.views.event_day import badges, checkin_counter, event_day
from karsaz.events.views.events import (
    event_create,
    event_detail,
    event_list,
    notifications,
    register,
    report,
)
from karsaz.events.views.organizer import (
    SCHEDULE_PAGE_SIZE,
    run_progress,
    schedule,
    schedule_publish,
    table_signs,
)
from karsaz.events.views.participants import (
    catalogue,
    participant_decide,
    participant_detail,
    participants,
)
from karsaz.events.views.requests import (
    request_answer,
    request_create,
    request_edit,
    request_withdraw,
    requests_page,
)

__all__ = [
    "SCHEDULE_PAGE_SIZE",
    "agenda",
    "badges",
    "catalogue",
    "checkin_counter",
    "deal_confirm",
    "deals",
    "delegate_settings",
    "event_create",
    "event_day",
    "event_detail",
    "event_list",
    "meeting_action",
    "meeting_ics",
    "notifications",
    "participant_decide",
    "participant_detail",
    "participants",
    "register",
    "report",
    "request_answer",
    "request_create",
    "request_edit",
    "request_withdraw",
    "requests_page",
    "run_progress",
    "schedule",
    "schedule_publish",
    "table_signs",
]

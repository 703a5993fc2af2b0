"""Writes for events: registration, approval, meeting requests, meetings, deals, scheduling.

Every function runs in one transaction, validates fully and raises ValidationError with field
keys (codes in `events.errors`) or PermissionDenied. Row locks and their order: `events.locks`.
Writes shared with the scheduling run (`events.scheduling`, the task body): `events.booking`.
"""

from karsaz.events.booking import notify, requests_expire
from karsaz.events.services.deals import deal_confirm, deal_record
from karsaz.events.services.events import EVENT_FIELDS, event_create
from karsaz.events.services.meetings import (
    check_place,
    follow_up_answer,
    meeting_cancel,
    meeting_mark,
    meeting_move,
    meeting_rate,
    meeting_report_held,
    meeting_walk_in,
)
from karsaz.events.services.registration import (
    delegate_check_in,
    delegate_check_in_by_badge,
    delegate_update,
    participant_decide,
    participant_register,
)
from karsaz.events.services.requests import (
    request_answer,
    request_create,
    request_edit,
    request_withdraw,
)
from karsaz.events.services.schedule import schedule_publish, schedule_run_start

__all__ = [
    "EVENT_FIELDS",
    "check_place",
    "deal_confirm",
    "deal_record",
    "delegate_check_in",
    "delegate_check_in_by_badge",
    "delegate_update",
    "event_create",
    "follow_up_answer",
    "meeting_cancel",
    "meeting_mark",
    "meeting_move",
    "meeting_rate",
    "meeting_report_held",
    "meeting_walk_in",
    "notify",
    "participant_decide",
    "participant_register",
    "request_answer",
    "request_create",
    "request_edit",
    "request_withdraw",
    "requests_expire",
    "schedule_publish",
    "schedule_run_start",
]

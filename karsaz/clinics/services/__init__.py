"""Writes to the clinics. Each runs in one transaction, validates fully and records who acted.

One module per subject; this package re-exports every service so callers write
`services.case_assign(...)`. Reads (suggestions, loads, stale cases) are in `clinics.selectors`;
the note-read audit, the one write a read performs, is in `clinics.audit`.
"""

from karsaz.clinics.audit import (
    notes_read_record,
    notes_read_record_many,
    notes_read_record_sessions,
)
from karsaz.clinics.services.cases import (
    case_assign,
    case_cancel,
    case_close,
    case_reopen,
    case_start,
    followups_schedule,
)
from karsaz.clinics.services.clinics import clinic_create, consultant_create
from karsaz.clinics.services.impact import (
    IMPACT_FIELDS,
    followup_confirm,
    followup_correct,
    followup_record,
    followups_flag_overdue,
    followups_remind_due,
    satisfaction_submit,
)
from karsaz.clinics.services.intake import case_request
from karsaz.clinics.services.referrals import REFERRAL_APPS, referral_close, referral_create
from karsaz.clinics.services.sessions import (
    action_item_add,
    action_item_set_status,
    session_log,
)

__all__ = [
    "IMPACT_FIELDS",
    "REFERRAL_APPS",
    "action_item_add",
    "action_item_set_status",
    "case_assign",
    "case_cancel",
    "case_close",
    "case_reopen",
    "case_request",
    "case_start",
    "clinic_create",
    "consultant_create",
    "followup_confirm",
    "followup_correct",
    "followup_record",
    "followups_flag_overdue",
    "followups_remind_due",
    "followups_schedule",
    "notes_read_record",
    "notes_read_record_many",
    "notes_read_record_sessions",
    "referral_close",
    "referral_create",
    "satisfaction_submit",
    "session_log",
]

"""The codes of the clinics' service errors: the API answers `{"field": [{"message", "code"}]}`,
so a client branches on these, never on the translated text."""

from django.db import models


class ClinicsErrorCode(models.TextChoices):
    INVALID = "invalid"  # a value the field does not accept
    REQUIRED = "required"
    INVALID_STATE = "invalid_state"  # the case (or follow-up, referral) is not in a state for this
    OPEN_CASE_EXISTS = "open_case_exists"  # one open case per enterprise
    ALREADY_EXISTS = "already_exists"  # the clinic or consultant is already accredited
    NOT_A_MEMBER = "not_a_member"  # a consultant must belong to the clinic's consultancy
    NOT_ACCREDITED = "not_accredited"
    ALREADY_ASSIGNED = "already_assigned"
    OVERRIDE_NEEDED = "override_needed"  # outside the province or over capacity: give a reason
    NO_SESSIONS = "no_sessions"  # a case is closed only after a session
    NOT_DUE = "not_due"  # impact is recorded from the follow-up's due date on
    SURVEY_CLOSED = "survey_closed"  # the survey opens when the case is closed
    ALREADY_ANSWERED = "already_answered"

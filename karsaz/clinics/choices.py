from django.db import models
from django.utils.translation import gettext_lazy as _


class Area(models.TextChoices):
    """The seven diagnostic areas: also the consultants' specialties."""

    STRATEGY = "strategy", _("Strategy and management")
    FINANCE = "finance", _("Finance")
    MARKETING = "marketing", _("Marketing and sales")
    OPERATIONS = "operations", _("Production and operations")
    TECHNOLOGY = "technology", _("Technology and innovation")
    PEOPLE = "people", _("Human resources")
    EXPORT = "export", _("Export readiness")


class CaseState(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATES = (CaseState.REQUESTED, CaseState.ASSIGNED, CaseState.IN_PROGRESS)
# States that count against a consultant's capacity.
LOAD_STATES = (CaseState.ASSIGNED, CaseState.IN_PROGRESS)


# The case's state moves: the states from which each action may be taken. Services refuse an
# action from any other state; ClinicScope.allowed_actions() reads the same table for the pages.
CASE_MOVES: dict[str, tuple[CaseState, ...]] = {
    "assign": OPEN_STATES,  # assign or reassign a consultant
    "start": (CaseState.ASSIGNED,),
    "close": (CaseState.IN_PROGRESS,),
    "cancel": OPEN_STATES,
    "reopen": (CaseState.CLOSED, CaseState.CANCELLED),
    "session": LOAD_STATES,  # log a session
    "plan": OPEN_STATES,  # add an action to the plan
    "referral": LOAD_STATES,  # refer to another programme
    "survey": (CaseState.CLOSED,),  # answer the satisfaction survey
}


class SessionMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    PHONE = "phone", _("Phone")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class ReferralTarget(models.TextChoices):
    TECHNOLOGY = "technology", _("Technology needs exchange")
    FINANCE = "finance", _("Supply-chain finance")
    CAPITAL = "capital", _("Capital-market readiness")


class ReferralStatus(models.TextChoices):
    # The linked record was created in the target programme.
    LINKED = "linked", _("Linked record created")
    # The target programme is not installed here: the referral waits for staff to act on it.
    PENDING = "pending", _("Waiting for the programme")
    CLOSED = "closed", _("Closed")


class FollowUpStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    RECORDED = "recorded", _("Recorded, awaiting the client")
    CONFIRMED = "confirmed", _("Confirmed by the client")
    CANCELLED = "cancelled", _("Cancelled")


# The follow-up's moves, as CASE_MOVES: the statuses from which each may be taken.
FOLLOWUP_MOVES: dict[str, tuple[FollowUpStatus, ...]] = {
    "record": (FollowUpStatus.SCHEDULED, FollowUpStatus.RECORDED),
    "confirm": (FollowUpStatus.RECORDED,),
    "correct": (FollowUpStatus.RECORDED, FollowUpStatus.CONFIRMED),
}


class ReadKind(models.TextChoices):
    NOTES = "notes", _("Session notes (page)")
    ATTACHMENT = "attachment", _("Attachment download")
    API = "api", _("Session notes (API)")
    EXPORT = "export", _("Notes in a CSV export")

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


class ReadKind(models.TextChoices):
    NOTES = "notes", _("Session notes (page)")
    ATTACHMENT = "attachment", _("Attachment download")
    API = "api", _("Session notes (API)")
    EXPORT = "export", _("Notes in a CSV export")

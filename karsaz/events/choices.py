from django.db import models
from django.utils.translation import gettext_lazy as _


class ParticipantStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class Priority(models.TextChoices):
    MUST = "must", _("Must meet")
    WOULD_LIKE = "would_like", _("Would like to meet")


# The scheduler maximises the total weight of scheduled meetings.
PRIORITY_WEIGHT = {Priority.MUST: 3, Priority.WOULD_LIKE: 1}


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class MeetingStatus(models.TextChoices):
    UNSCHEDULED = "unscheduled", _("Not scheduled")
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")
    HELD = "held", _("Took place")
    NO_SHOW = "no_show", _("No-show")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class DealKind(models.TextChoices):
    LICENSING = "licensing", _("Licensing")
    TECHNICAL = "technical", _("Technical cooperation")
    JOINT_VENTURE = "joint_venture", _("Joint venture")
    SUBCONTRACTING = "subcontracting", _("Subcontracting")
    SUPPLY = "supply", _("Supply")


class DealStatus(models.TextChoices):
    """A deal counts (report, totals) once every party has confirmed it."""

    PENDING = "pending", _("Awaiting the other parties")
    CONFIRMED = "confirmed", _("Confirmed by every party")


class DealDocument(models.TextChoices):
    MOU = "mou", _("Memorandum of understanding")
    CONTRACT = "contract", _("Contract")


class FollowUpAnswer(models.TextChoices):
    NO_CONTACT = "no_contact", _("No further contact")
    NEGOTIATING = "negotiating", _("Negotiation started")
    AGREEMENT = "agreement", _("Agreement reached")

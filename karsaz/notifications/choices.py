"""What a notification is about. Each kind has its own setting (in-app, e-mail) per user."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    FINANCE_APPROVAL_NEEDED = "finance_approval_needed", _("Invoices awaiting your approval")
    FINANCE_APPROVAL_GIVEN = "finance_approval_given", _("Approvals of your invoices")
    FINANCE_BID_TAKEN = "finance_bid_taken", _("Bids taken")
    FINANCE_AUCTION_DEADLINE = "finance_auction_deadline", _("Auction deadlines")
    TECHNOLOGY_PROPOSAL = "technology_proposal", _("Technology proposals")
    EVENTS_REGISTRATION = "events_registration", _("Event registrations")
    EVENTS_MEETING_REQUEST = "events_meeting_request", _("Meeting requests")
    EVENTS_REQUEST_ANSWER = "events_request_answer", _("Answers to your meeting requests")
    EVENTS_MEETING = "events_meeting", _("Meeting schedule changes")
    EVENTS_MEETING_REMINDER = "events_meeting_reminder", _("Meeting reminders")
    CLINICS_CASE = "clinics_case", _("Business clinic cases")
    CLINICS_FOLLOWUP_DUE = "clinics_followup_due", _("Clinic follow-ups due")


# A kind's channels for a user who has not chosen: in-app always; e-mail for what needs an answer
# or is time-bound, not for every schedule change.
DEFAULT_EMAIL = {kind: True for kind in Kind} | {Kind.EVENTS_MEETING: False}

"""States and kinds of the capital-market readiness programme."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Market(models.TextChoices):
    """A market a firm can prepare for; each has versioned rule sets (`RuleSet`)."""

    SME_BOARD = "sme_board", _("Farabourse SME market")
    NOVAFARIN = "novafarin", _("Novafarin board")
    FIRST_MARKET = "first_market", _("Farabourse first market")
    CROWDFUNDING = "crowdfunding", _("Crowdfunding")


class CriterionKind(models.TextChoices):
    """How a criterion reads its fact: at least a number, at most a number, or a yes/no."""

    AT_LEAST = "at_least", _("At least")
    AT_MOST = "at_most", _("At most")
    TRUE = "true", _("Must hold")


class Outcome(models.TextChoices):
    MET = "met", _("Met")
    NOT_MET = "not_met", _("Not met")
    UNKNOWN = "unknown", _("Unknown")


class EvidenceSource(models.TextChoices):
    """Where the fact behind a criterion came from."""

    DECLARATION = "declaration", _("The firm's declaration")
    STATEMENT = "statement", _("Financial statements")
    CONFIRMED_STATEMENT = "confirmed_statement", _("Financial statements confirmed by the adviser")
    DOCUMENT = "document", _("Uploaded document")
    REGISTRY = "registry", _("Karsaz registry")
    FINANCE = "finance", _("Karsaz supply-chain finance")
    CLINICS = "clinics", _("Karsaz business clinics")
    TECHNOLOGY = "technology", _("Karsaz technology exchange")
    EVENTS = "events", _("Karsaz exhibitions")
    NONE = "none", _("No evidence")


class AuditOpinion(models.TextChoices):
    UNQUALIFIED = "unqualified", _("Unqualified")
    QUALIFIED = "qualified", _("Qualified")
    ADVERSE = "adverse", _("Adverse")
    DISCLAIMER = "disclaimer", _("Disclaimer of opinion")
    UNAUDITED = "unaudited", _("Not audited")


class GapStatus(models.TextChoices):
    OPEN = "open", _("Open")
    REFERRED = "referred", _("Referred to a clinic")
    CLOSED = "closed", _("Closed")


class EngagementState(models.TextChoices):
    ACTIVE = "active", _("Active")
    REVOKED = "revoked", _("Revoked")


class FilingStage(models.TextChoices):
    PREPARATION = "preparation", _("Preparation")
    ADVISER_ENGAGED = "adviser_engaged", _("Adviser engaged")
    DOSSIER_COMPLETE = "dossier_complete", _("Dossier complete")
    FILED = "filed", _("Filed")
    ADMISSION_BOARD = "admission_board", _("Admission board")
    ADMITTED = "admitted", _("Admitted")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


FINAL_STAGES = (FilingStage.ADMITTED, FilingStage.REJECTED, FilingStage.WITHDRAWN)


class DocumentKind(models.TextChoices):
    ARTICLES = "articles", _("Articles of association")
    AUDITED_STATEMENTS = "audited_statements", _("Audited financial statements")
    PROSPECTUS = "prospectus", _("Prospectus draft")
    BOARD_MINUTES = "board_minutes", _("Board minutes")
    DUE_DILIGENCE = "due_diligence", _("Adviser's due diligence")
    TAX_CLEARANCE = "tax_clearance", _("Tax clearance")
    INSURANCE_CLEARANCE = "insurance_clearance", _("Social-insurance clearance")
    WORKING_CAPITAL = "working_capital", _("Working-capital statement")
    BUSINESS_PLAN = "business_plan", _("Business plan")


class DocumentStatus(models.TextChoices):
    MISSING = "missing", _("Missing")
    SUBMITTED = "submitted", _("Submitted for review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    ACCEPTED = "accepted", _("Accepted")


class Instrument(models.TextChoices):
    EQUITY = "equity", pgettext_lazy("instrument", "Equity")
    DEBT = "debt", _("Debt")


class CampaignState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Awaiting platform approval")
    APPROVED = "approved", _("Approved")
    OPEN = "open", _("Open")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


class PledgeState(models.TextChoices):
    PENDING = "pending", _("Awaiting payment")
    HELD = "held", _("In escrow")
    CANCELLED = "cancelled", _("Cancelled")
    REFUNDED = "refunded", _("Refunded")
    SETTLED = "settled", _("Settled to the firm")


class ReportStatus(models.TextChoices):
    DUE = "due", pgettext_lazy("report", "Due")
    FILED = "filed", pgettext_lazy("report", "Filed")


class WarningKind(models.TextChoices):
    """Why a campaign's platform and the agency are warned. Repayment delays and clinic flags
    come from the `firm_record` hook, read by the daily job (`services.warnings`)."""

    REPORT_OVERDUE = "report_overdue", _("A periodic report is overdue")
    REPAYMENT_DELAY = "repayment_delay", _("Repayment delay on supply-chain finance")
    CLINIC_FLAG = "clinic_flag", _("Flag from a business clinic")

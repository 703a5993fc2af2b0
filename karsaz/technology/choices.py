from django.db import models
from django.utils.translation import gettext_lazy as _


class RecordStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class IpStatus(models.TextChoices):
    PATENT = "patent", _("Patent")
    KNOW_HOW = "know_how", _("Know-how")
    OPEN = "open", _("Open")


class ProposalState(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    DECLINED = "declined", _("Declined")
    NEGOTIATION = "negotiation", _("In negotiation")
    SIGNED = "signed", _("Agreement signed")
    DELIVERED = "delivered", _("Delivered")
    CANCELLED = "cancelled", _("Cancelled")


class AgreementType(models.TextChoices):
    LICENSING = "licensing", _("Licensing")
    COOPERATION = "cooperation", _("Technical cooperation")
    JOINT_VENTURE = "joint_venture", _("Joint venture")
    SUBCONTRACTING = "subcontracting", _("Subcontracting")
    RESEARCH = "research", _("Research contract")


class RecordKind(models.TextChoices):
    NEED = "need", _("Technology need")
    CAPABILITY = "capability", _("Capability")


TRL_CHOICES = [(n, str(n)) for n in range(1, 10)]

from django.db import models
from django.utils.translation import gettext_lazy as _


class EnterpriseKind(models.TextChoices):
    SME = "sme", _("Small or medium enterprise")
    KNOWLEDGE_BASED = "knowledge_based", _("Knowledge-based firm")
    UNIVERSITY = "university", _("University or research centre")
    ANCHOR_BUYER = "anchor_buyer", _("Anchor buyer")
    FINANCIER = "financier", _("Financier")
    CONSULTANCY = "consultancy", _("Consultancy")
    ADMISSION_ADVISER = "admission_adviser", _("Licensed admission adviser")
    FUNDING_PLATFORM = "funding_platform", _("Licensed crowdfunding platform")
    OTHER = "other", _("Other")


class SizeClass(models.TextChoices):
    MICRO = "micro", _("Micro")
    SMALL = "small", _("Small")
    MEDIUM = "medium", _("Medium")
    LARGE = "large", _("Large")


class MembershipRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    MANAGER = "manager", _("Manager")
    EMPLOYEE = "employee", _("Employee")


class ParkKind(models.TextChoices):
    PARK = "park", _("Industrial park")
    ZONE = "zone", _("Industrial zone")
    TECH_PARK = "tech_park", _("Science and technology park")


class IsicLevel(models.TextChoices):
    SECTION = "section", _("Section")
    DIVISION = "division", _("Division")
    CLASS = "class", _("Class")

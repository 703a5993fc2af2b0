from django.db import models
from django.utils.translation import gettext_lazy as _


class AgencyRole(models.TextChoices):
    NONE = "none", _("Not agency staff")
    NATIONAL_ADMIN = "national_admin", _("National administrator")
    NATIONAL_STAFF = "national_staff", _("National officer")
    PROVINCIAL_STAFF = "provincial_staff", _("Provincial officer")


class CurrencyUnit(models.TextChoices):
    RIAL = "rial", _("Rial")
    TOMAN = "toman", _("Toman")


class Language(models.TextChoices):
    FA = "fa", _("Persian")
    EN = "en", _("English")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from karsaz.core.navigation import NavItem


def _staff(user: object) -> bool:
    return bool(getattr(user, "is_agency_staff", False))


class ClinicsConfig(AppConfig):
    name = "karsaz.clinics"
    label = "clinics"
    verbose_name = _("Business clinics")
    nav_items = (
        NavItem(label=_("Business clinics"), url_name="clinics:case_list", order=40),
        NavItem(
            label=_("Clinic oversight"), url_name="clinics:dashboard", order=41, visible=_staff
        ),
    )

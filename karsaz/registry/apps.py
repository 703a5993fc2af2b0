from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from karsaz.core.navigation import NavItem


def _staff(user: object) -> bool:
    return bool(getattr(user, "is_agency_staff", False))


class RegistryConfig(AppConfig):
    name = "karsaz.registry"
    label = "registry"
    verbose_name = _("Registry")
    nav_items = (
        NavItem(label=_("Enterprises"), url_name="registry:enterprise_list", order=10),
        NavItem(label=_("Import"), url_name="registry:import", order=90, visible=_staff),
    )

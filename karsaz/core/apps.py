from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from karsaz.core.navigation import NavItem


class CoreConfig(AppConfig):
    name = "karsaz.core"
    label = "core"
    verbose_name = _("Core")
    nav_items = (NavItem(label=_("Dashboard"), url_name="core:home", order=0),)

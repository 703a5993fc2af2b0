from django.utils.translation import gettext_lazy as _

from karsaz.core import modules
from karsaz.core.navigation import NavItem, staff_only


class RegistryConfig(modules.KarsazModule):
    name = "karsaz.registry"
    label = "registry"
    verbose_name = _("Registry")
    nav_items = (
        NavItem(label=_("Enterprises"), url_name="registry:enterprise_list", order=10),
        NavItem(label=_("Import"), url_name="registry:import", order=90, visible=staff_only),
    )
    jobs = "karsaz.registry.periodic"
    demo = "karsaz.registry.demo.seed"
    urls = "karsaz.registry.urls"
    api_urls = "karsaz.registry.api.urls"
    hooks = {
        "insight_facts": "karsaz.registry.insight_facts.facts",
        "firm_timeline": "karsaz.registry.timeline.firm_timeline",
        "home_panels": "karsaz.registry.home_panels.panels",
    }

    file_set_exceptions = {
        "locale": "its strings are in the project catalogue, karsaz/locale",
    }

    def ready(self) -> None:
        super().ready()
        from karsaz.core.fragments import FILTER_CHOICES
        from karsaz.core.panelcache import drop_on_write
        from karsaz.registry.models import IndustrialPark, IsicActivity, Province

        # The filter forms' province, park and sector choices.
        drop_on_write(FILTER_CHOICES, (Province, IndustrialPark, IsicActivity))

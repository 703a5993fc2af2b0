from django.utils.translation import gettext_lazy as _

from karsaz.core import modules
from karsaz.core.navigation import NavItem, staff_only


class TechnologyConfig(modules.KarsazModule):
    name = "karsaz.technology"
    label = "technology"
    verbose_name = _("Technology exchange")
    nav_items = (
        NavItem(label=_("Technology needs"), url_name="technology:need_list", order=20),
        NavItem(label=_("Capabilities"), url_name="technology:capability_list", order=21),
        NavItem(label=_("Proposals"), url_name="technology:proposal_list", order=22),
        NavItem(
            label=_("Deal pipeline"), url_name="technology:pipeline", order=23, visible=staff_only
        ),
    )
    jobs = "karsaz.technology.periodic"
    demo = "karsaz.technology.demo.seed"
    urls = "karsaz.technology.urls"
    api_urls = "karsaz.technology.api.urls"
    hooks = {
        "insight_facts": "karsaz.technology.insight_facts.facts",
        "clinic_referral": "karsaz.technology.referrals.create_from_clinic_referral",
        "firm_record": "karsaz.technology.record.firm_record",
        "firm_timeline": "karsaz.technology.timeline.firm_timeline",
        "home_panels": "karsaz.technology.home_panels.panels",
        "warm_up": "karsaz.technology.indexing.warm_up",
    }
    file_set_exceptions = {
        "admin": "no admin pages: staff work through the pipeline and the API",
    }

    def ready(self) -> None:
        super().ready()
        from karsaz.core.panelcache import drop_on_write
        from karsaz.registry.models import Enterprise
        from karsaz.technology import checks  # noqa: F401  (registers the system checks)
        from karsaz.technology.models import Capability, TechnologyNeed
        from karsaz.technology.selectors import FACETS_PANEL

        # A capability's province is its enterprise's, and its sectors a many-to-many.
        drop_on_write(
            FACETS_PANEL, (TechnologyNeed, Capability, Enterprise), (Capability.sectors.through,)
        )

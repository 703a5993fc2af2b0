from django.utils.translation import gettext_lazy as _

from karsaz.core import modules
from karsaz.core.navigation import NavItem


class EventsConfig(modules.KarsazModule):
    name = "karsaz.events"
    label = "events"
    verbose_name = _("Events")
    nav_items = (NavItem(label=_("Events"), url_name="events:event_list", order=30),)
    jobs = "karsaz.events.periodic"
    demo = "karsaz.events.demo.seed"
    urls = "karsaz.events.urls"
    api_urls = "karsaz.events.api.urls"
    hooks = {
        "insight_facts": "karsaz.events.insight_facts.facts",
        "firm_timeline": "karsaz.events.timeline.firm_timeline",
        "home_panels": "karsaz.events.home_panels.panels",
    }

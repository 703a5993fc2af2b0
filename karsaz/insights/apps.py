from django.utils.translation import gettext_lazy as _

from karsaz.core import modules
from karsaz.core.navigation import NavItem


class InsightsConfig(modules.KarsazModule):
    name = "karsaz.insights"
    label = "insights"
    verbose_name = _("Insights")
    nav_items = (
        NavItem(label=_("Insights"), url_name="insights:home", order=70),
        NavItem(label=_("Open data"), url_name="open:index", order=71),
    )
    urls = "karsaz.insights.urls"
    api_urls = "karsaz.insights.api.urls"
    jobs = "karsaz.insights.periodic"
    demo = "karsaz.insights.demo.seed"
    hooks = {"enterprise_links": "karsaz.insights.links.enterprise_links"}

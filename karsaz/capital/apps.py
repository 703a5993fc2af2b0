from django.utils.translation import gettext_lazy as _

from karsaz.core import modules
from karsaz.core.navigation import NavItem, staff_only


class CapitalConfig(modules.KarsazModule):
    name = "karsaz.capital"
    label = "capital"
    verbose_name = _("Capital-market readiness")
    nav_items = (
        NavItem(label=_("Capital market"), url_name="capital:home", order=60),
        # Admission dossier and pipeline.
        NavItem(label=_("Admission filings"), url_name="capital:filing_list", order=64),
        NavItem(label=_("Advisers"), url_name="capital:advisers", order=65),
        NavItem(
            label=_("Pipeline board"), url_name="capital:pipeline", order=66, visible=staff_only
        ),
    )
    urls = "karsaz.capital.urls"
    # readiness
    api_urls = "karsaz.capital.api.urls"
    hooks = {
        "insight_facts": "karsaz.capital.insight_facts.facts",
        "firm_timeline": "karsaz.capital.timeline.firm_timeline",
        "sales_change": "karsaz.capital.cohorts.sales_change",
    }
    demo = "karsaz.capital.demo.seed"
    jobs = "karsaz.capital.periodic"

from django.utils.translation import gettext_lazy as _

from karsaz.core import modules
from karsaz.core.navigation import NavItem


class CapitalConfig(modules.KarsazModule):
    name = "karsaz.capital"
    label = "capital"
    verbose_name = _("Capital-market readiness")
    nav_items = (NavItem(label=_("Capital market"), url_name="capital:home", order=60),)
    urls = "karsaz.capital.urls"
    # campaigns: crowdfunding on the ledger
    api_urls = "karsaz.capital.api.urls"
    jobs = "karsaz.capital.periodic"
    demo = "karsaz.capital.demo.seed"

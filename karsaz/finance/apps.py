from typing import Any

from django.utils.translation import gettext_lazy as _

from karsaz.core import modules
from karsaz.core.navigation import NavItem


def _finance_user(user: Any) -> bool:
    if not user.is_authenticated:
        return False
    from karsaz.finance.permissions import FinanceScope

    return FinanceScope(user).any_role


class FinanceConfig(modules.KarsazModule):
    name = "karsaz.finance"
    label = "finance"
    verbose_name = _("Supply-chain finance")
    nav_items = (
        NavItem(label=_("Finance"), url_name="finance:workspace", order=50, visible=_finance_user),
    )
    jobs = "karsaz.finance.periodic"
    demo = "karsaz.finance.demo.seed"
    urls = "karsaz.finance.urls"
    api_urls = "karsaz.finance.api.urls"
    hooks = {
        "insight_facts": "karsaz.finance.insight_facts.facts",
        "firm_record": "karsaz.finance.record.firm_record",
        "firm_timeline": "karsaz.finance.timeline.firm_timeline",
        "home_panels": "karsaz.finance.home_panels.panels",
    }

    def ready(self) -> None:
        super().ready()
        from karsaz.core.panelcache import drop_on_write
        from karsaz.finance.models import Invoice, Programme
        from karsaz.finance.selectors import STAFF_PANEL

        drop_on_write(STAFF_PANEL, (Invoice, Programme))

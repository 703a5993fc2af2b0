"""Every read of the capital programme, scoped to the user (re-exported per area)."""

from karsaz.capital.selectors.campaigns import (
    campaign_get,
    campaign_list,
    campaign_managed,
    campaign_platform_queue,
    campaign_public_list,
    crowdfunding_rules,
    enterprise_get,
    firm_choices,
    holding_mine,
    platform_choices,
    pledge_get_mine,
    pledge_mine,
    report_get,
    report_list,
    warning_list,
)

__all__ = [
    "campaign_get",
    "campaign_list",
    "campaign_managed",
    "campaign_platform_queue",
    "campaign_public_list",
    "crowdfunding_rules",
    "enterprise_get",
    "firm_choices",
    "holding_mine",
    "platform_choices",
    "pledge_get_mine",
    "pledge_mine",
    "report_get",
    "report_list",
    "warning_list",
]

"""Every write of the capital programme (re-exported per area)."""

from karsaz.capital.services.campaigns import (
    campaign_approve,
    campaign_close,
    campaign_draft,
    campaign_reject,
    campaign_submit,
    campaign_update,
    campaigns_close_due,
    campaigns_open_due,
    pledge_cancel,
    pledge_create,
    report_file,
    reports_flag_overdue,
    warning_raise,
)

__all__ = [
    "campaign_approve",
    "campaign_close",
    "campaign_draft",
    "campaign_reject",
    "campaign_submit",
    "campaign_update",
    "campaigns_close_due",
    "campaigns_open_due",
    "pledge_cancel",
    "pledge_create",
    "report_file",
    "reports_flag_overdue",
    "warning_raise",
]

"""The public campaign list as CSV or XLSX: public fields only, as the page shows them, in the
page's language (core/exports.py: labelled headers, Jalali dates on a Persian page, the
instrument and state by their labels, money as integer rials)."""

from collections.abc import Iterable
from typing import Any

from django.utils.translation import pgettext_lazy

from karsaz.core.exports import Column, export_date, export_name, export_rows


def _enterprise(campaign: Any) -> str:
    return export_name(campaign.enterprise)


def _platform(campaign: Any) -> str:
    return export_name(campaign.platform)


EXPORT_COLUMNS = (
    Column("id", pgettext_lazy("export column", "ID"), lambda c: c.pk),
    Column("title", pgettext_lazy("export column", "Title"), lambda c: c.title),
    Column("enterprise", pgettext_lazy("export column", "Enterprise"), _enterprise),
    Column("platform", pgettext_lazy("export column", "Platform"), _platform),
    Column(
        "instrument",
        pgettext_lazy("export column", "Instrument"),
        lambda c: c.get_instrument_display(),
    ),
    Column("target", pgettext_lazy("export column", "Target (rials)"), lambda c: c.target),
    Column("pledged", pgettext_lazy("export column", "Pledged (rials)"), lambda c: c.pledged),
    Column(
        "opens_at", pgettext_lazy("export column", "Opens on"), lambda c: export_date(c.opens_at)
    ),
    Column(
        "closes_at", pgettext_lazy("export column", "Closes on"), lambda c: export_date(c.closes_at)
    ),
    Column("state", pgettext_lazy("export column", "State"), lambda c: c.get_state_display()),
)


def export_campaigns(campaigns: Iterable[Any], fmt: str) -> bytes:
    """``campaigns`` in the list's own order (the selector's)."""
    return export_rows(EXPORT_COLUMNS, campaigns, fmt)

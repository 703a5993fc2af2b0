"""Finance's template filters: `{% load finance %}`, then `{{ bid.rate_bp|rate }}`."""

from typing import Any

from django import template

from karsaz.finance import display

register = template.Library()


@register.filter
def rate(rate_bp: Any) -> str:
    """Basis points a year as «۲۳٫۵٪ (۲٬۳۵۰ واحد پایه)» / "23.5% (2,350 bp)"."""
    return display.rate_text(rate_bp)


@register.filter
def percent(value: Any) -> str:
    """A percentage in the page's digits: «۱۲٫۵٪» / "12.5%"."""
    return display.percent_text(value)


@register.filter
def clock(seconds: Any) -> str:
    """Seconds as «۰۱:۰۲:۰۵» / "01:02:05" (the auction's countdown before its script runs)."""
    return display.clock_text(seconds)

"""Template tags drawing a dashboard's charts (the SVG is `charts.py`'s)."""

from typing import Any

from django import template
from django.utils.safestring import SafeString

from karsaz.core.i18n import page_language
from karsaz.insights import charts

register = template.Library()


def _uid(context: template.Context, prefix: str) -> str:
    """An id unique within the page, for the SVG's <title>/<desc> references."""
    root = context.dicts[0]  # shared by included templates, unlike render_context
    count = root.get("insights_uid", 0) + 1
    root["insights_uid"] = count
    return f"{prefix}{count}"


@register.simple_tag(takes_context=True)
def chart_svg(context: template.Context, chart: Any) -> SafeString:
    return charts.render(chart, lang=page_language(), uid=_uid(context, "chart"))


@register.simple_tag(takes_context=True)
def map_svg(context: template.Context, chart: Any, codes: dict[int, str]) -> SafeString:
    return charts.choropleth(
        chart, lang=page_language(), uid=_uid(context, "map"), province_codes=codes
    )


@register.filter
def figure(value: Any) -> str:
    """A figure in the page's digits and separators («۱۲٬۳۴۵», «2.5»)."""
    return charts.number(value, page_language())


@register.filter
def unit(code: str) -> str:
    return charts.unit_label(code)


@register.filter
def period_label(period: Any) -> str:
    return period.label(page_language()) if period else ""

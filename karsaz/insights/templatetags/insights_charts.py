"""Template tags drawing a dashboard's charts (the SVG is `charts.py`'s)."""

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from karsaz.core import money
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


@register.simple_tag(takes_context=True)
def headline(context: template.Context, figure: Any) -> SafeString:
    """A figure's value and unit; an amount in rials in the user's currency (rials or toman,
    as `money_fmt` shows money everywhere), never rounded."""
    lang = page_language()
    user = context.get("user")
    if figure.fact.unit == "rials" and isinstance(figure.value, int):
        unit = getattr(user, "currency_unit", "rial") if user is not None else "rial"
        amount, _space, name = money.format_amount(figure.value, unit=unit, lang=lang).rpartition(
            " "
        )
    else:
        amount, name = charts.number(figure.value, lang), charts.unit_label(figure.fact.unit)
    if figure.fact.mean:
        name = f"{name} · {_('mean')}"
    return format_html('{} <span class="figure-unit">{}</span>', amount, name)


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

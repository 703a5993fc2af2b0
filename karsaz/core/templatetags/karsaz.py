"""Template filters for Persian-first pages: digits, Jalali dates and money, by active language."""

from typing import Any

from django import template
from django.http import QueryDict
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from karsaz.core import charts, fragments, jalali, money
from karsaz.core.i18n import page_language, page_name
from karsaz.core.persian import persian_text_digits, to_persian_digits

register = template.Library()


@register.filter
def digits(value: Any) -> str:
    """Persian digits on Persian pages, untouched on English ones."""
    if value is None:
        return ""
    return to_persian_digits(value) if page_language() == "fa" else str(value)


@register.filter
def number_hint(bound_field: Any) -> str:
    """«From 1 to 600» beside a number field with limits (in the page's digits), else ""."""
    field = getattr(bound_field, "field", None)
    low = getattr(field, "min_value", None)
    high = getattr(field, "max_value", None)
    if high is None:
        return ""
    if low is None:
        return _("At most {high}").format(high=digits(high))
    return _("From {low} to {high}").format(low=digits(low), high=digits(high))


@register.filter
def text_digits(value: Any) -> str:
    """A user's Persian text with Persian digits on Persian pages («پلاک ۶۶»), as typed on
    English ones. Latin words and the numbers that follow them keep their digits."""
    if value is None:
        return ""
    return persian_text_digits(str(value)) if page_language() == "fa" else str(value)


@register.filter
def num(value: Any) -> str:
    """A grouped integer in the page's digits: 2000 → «۲٬۰۰۰» or «2,000»."""
    if value is None or value == "":
        return ""
    try:
        text = f"{int(value):,}"
    except (TypeError, ValueError):
        return digits(value)
    return to_persian_digits(text.replace(",", "٬")) if page_language() == "fa" else text


@register.filter
def jdate(value: Any, style: str = "short") -> str:
    return jalali.format_date(value, lang=page_language(), style=style)


@register.filter
def jdatetime(value: Any) -> str:
    return jalali.format_datetime(value, lang=page_language())


@register.simple_tag(takes_context=True)
def money_fmt(context: template.Context, rials: int | None) -> str:
    """Rials, or toman where the signed-in user prefers it."""
    user = context.get("user")
    unit = getattr(user, "currency_unit", "rial") if user is not None else "rial"
    return money.format_amount(rials, unit=unit, lang=page_language())


@register.filter
def bilingual(obj: Any, field: str = "name") -> str:
    """obj.name_fa (in Persian digits) on Persian pages, obj.name_en (or the Persian) on English."""
    return page_name(obj, field)


@register.filter
def listing(values: Any) -> str:
    """Items joined with the language's comma: «،» on Persian pages, «,» on English ones."""
    return ("، " if page_language() == "fa" else ", ").join(str(v) for v in values or ())


@register.simple_tag(takes_context=True)
def query_with(context: template.Context, **changes: Any) -> str:
    """The current query string with ``changes`` applied (and no page number): a facet link
    narrows the search the user is looking at instead of starting a new one."""
    request = context.get("request")
    query = request.GET.copy() if request is not None else QueryDict(mutable=True)
    query.pop("page", None)
    for key, value in changes.items():
        query[key] = str(value)
    return "?" + query.urlencode()


@register.filter
def percent(value: Any) -> str:
    """A whole percent in the page's digits and sign: 42 → «۴۲٪» or «42%»."""
    if value is None or value == "":
        return "—"
    return f"{num(value)}٪" if page_language() == "fa" else f"{num(value)}%"


@register.simple_tag(takes_context=True)
def chart_svg(context: template.Context, chart: Any) -> SafeString:
    """A home panel's chart (`core.panels.Chart`) as SVG, with an id unique on the page."""
    root = context.dicts[0]  # shared by included templates, unlike render_context
    count = root.get("core_chart_uid", 0) + 1
    root["core_chart_uid"] = count
    draw = charts.series if chart.kind == "series" else charts.bars
    return draw(chart.points, title=chart.title, lang=page_language(), uid=f"panelchart{count}")


@register.simple_tag
def filter_fields(form: Any, exclude: str = "") -> SafeString:
    """A filter form's labels and widgets but the comma-separated `exclude`, cached
    (`core/fragments.py`)."""
    return fragments.filter_fields(form, exclude=set(filter(None, exclude.split(","))))


@register.tag
def rowcache(parser: template.base.Parser, token: template.base.Token) -> template.Node:
    """`{% rowcache page [vary …] %}…{% endrowcache %}`: the block rendered once per page of
    rows as fetched (`core/fragments.py`); every value the block shows that is not a column of
    those rows is a vary argument."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("rowcache takes a page and optional vary values")
    nodelist = parser.parse(("endrowcache",))
    parser.delete_first_token()
    return RowCacheNode(nodelist, [parser.compile_filter(bit) for bit in bits[1:]])


class RowCacheNode(template.Node):
    def __init__(self, nodelist: template.NodeList, args: list[Any]) -> None:
        self.nodelist, self.page, self.vary = nodelist, args[0], args[1:]

    def render(self, context: template.Context) -> str:
        origin = f"{self.origin.name}:{getattr(self.token, 'lineno', 0)}"
        return fragments.cached_rows(
            origin,
            self.page.resolve(context),
            [value.resolve(context) for value in self.vary],
            lambda: self.nodelist.render(context),
        )

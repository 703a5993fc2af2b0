"""The shared chart component: server-side SVG bars and a small time series.

No JavaScript and nothing fetched: each chart is a few dozen SVG elements with a <title> and
<desc> for screen readers; the page shows the same figures in a data table beside it
(`core/partials/chart.html`). On Persian pages bars grow from the right, time runs right to
left and every digit is Persian. The insights dashboards draw their charts with these functions
(`karsaz/insights/charts.py` adds shares and the map); the home page's panels use them too.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from karsaz.core.persian import to_persian_digits

PALETTE = ("#0f766e", "#d97706", "#2563eb", "#be185d", "#65a30d", "#7c3aed", "#0891b2", "#b45309")
WARN = "#b91c1c"
WIDTH = 400  # narrow enough that text stays legible on a phone
BARS = 31  # at most this many bars (every province); the data table holds the rest


@dataclass(frozen=True)
class Point:
    """One bar or one point of a series: its label, value (None: no figure) and link."""

    label: str
    value: float | int | Decimal | None
    href: str = ""
    key: Any = None
    suppressed: bool = False
    warn: bool = False  # drawn in the warning colour (an overdue payable)


def _f(value: Any) -> float:
    """A figure as a length on the drawing (geometry only: the figures shown keep their type)."""
    return float(value or 0)


def number(value: Any, lang: str) -> str:
    """12345 → «۱۲٬۳۴۵» / «12,345»; 2.5 → «۲٫۵» / «2.5»; None → «—»."""
    if value is None:
        return "—"
    if isinstance(value, Decimal):  # a mean or a scaled figure, already to its places
        text = f"{value:,}"
    else:
        text = f"{value:,.1f}" if isinstance(value, float) else f"{int(value):,}"
    if lang != "fa":
        return text
    return to_persian_digits(text.replace(",", "\u066c").replace(".", "\u066b"))


def svg(uid: str, title: str, desc: str, width: float, height: float, body: str) -> SafeString:
    return mark_safe(  # noqa: S308 - every text below went through escape()
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" aria-labelledby="{uid}-t {uid}-d">'
        f'<title id="{uid}-t">{escape(title)}</title><desc id="{uid}-d">{escape(desc)}</desc>'
        f"{body}</svg>"
    )


def text(x: float, y: float, body: str, *, edge: str, rtl: bool, cls: str = "label") -> str:
    """A text whose `edge` ("left", "right" or "middle") sits at x. The direction is set on the
    element, so the page's own (rtl on Persian pages) cannot flip the anchor."""
    anchor = "middle"
    if edge != "middle":
        anchor = "start" if (edge == "left") != rtl else "end"
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" '
        f'direction="{"rtl" if rtl else "ltr"}" class="{cls}">{escape(body)}</text>'
    )


def link(href: str, inner: str) -> str:
    return f'<a href="{escape(href)}">{inner}</a>' if href else inner


def describe(rows: Sequence[Any], lang: str, unit: str = "") -> str:
    """The chart's <desc>: how many values and the largest."""
    shown = [r for r in rows if not r.suppressed and r.value is not None]
    if not shown:
        return _("No figures for this selection.")
    top = max(shown, key=lambda r: r.value or 0)
    return (
        _("{n} values; the largest is {label}: {value} {unit}.")
        .format(
            n=number(len(rows), lang), label=top.label, value=number(top.value, lang), unit=unit
        )
        .replace(" .", ".")
    )


def bars(
    rows: Sequence[Any], *, title: str, lang: str, uid: str, desc: str | None = None
) -> SafeString:
    """Horizontal bars, one per row: the label on the reading side, the bar towards the other."""
    rtl = lang == "fa"
    shown, rest = rows[:BARS], len(rows) - BARS
    row_h, top, label_w, value_w = 28, 6, 150, 70
    height = top * 2 + row_h * (max(len(shown), 1) + (rest > 0))
    biggest = max((_f(r.value) for r in shown), default=0) or 1
    span = WIDTH - label_w - value_w
    parts = []
    for i, row in enumerate(shown):
        y = top + i * row_h
        length = 0 if row.value is None else max(span * (_f(row.value) / biggest), 1)
        x_label = WIDTH - 4 if rtl else label_w - 8
        x_bar = WIDTH - label_w - length if rtl else label_w
        x_value = x_bar - 6 if rtl else label_w + length + 6
        if row.suppressed:
            x_value = WIDTH - label_w - 6 if rtl else label_w + 6
        value = _("suppressed") if row.suppressed else number(row.value, lang)
        colour = WARN if getattr(row, "warn", False) else PALETTE[0]
        bar = (
            f'<rect class="bar-empty" x="{(WIDTH - label_w - span) if rtl else label_w}" '
            f'y="{y + 4}" width="{span}" height="{row_h - 8}"/>'
            if row.suppressed
            else f'<rect class="bar" x="{x_bar:.1f}" y="{y + 4}" width="{length:.1f}" '
            f'height="{row_h - 8}" fill="{colour}"/>'
        )
        label = row.label if len(row.label) <= 18 else row.label[:17] + "…"
        parts.append(
            link(
                row.href,
                f"<g><title>{escape(row.label)}: {escape(value)}</title>{bar}"
                + text(x_label, y + row_h / 2 + 4, label, edge="right", rtl=rtl)
                + text(
                    x_value,
                    y + row_h / 2 + 4,
                    value,
                    edge="right" if rtl else "left",
                    rtl=rtl,
                    cls="value",
                )
                + "</g>",
            )
        )
    if rest > 0:
        more = _("and {n} more in the data table").format(n=number(rest, lang))
        parts.append(text(WIDTH / 2, height - top - 9, more, edge="middle", rtl=rtl, cls="tick"))
    if not shown:
        parts.append(
            text(WIDTH / 2, top + 17, _("No figures for this selection."), edge="middle", rtl=rtl)
        )
    desc = describe(rows, lang) if desc is None else desc
    return svg(uid, title, desc, WIDTH, height, "".join(parts))


def series(
    rows: Sequence[Any],
    *,
    title: str,
    lang: str,
    uid: str,
    desc: str | None = None,
    tick: Callable[[Any], str] | None = None,
    decimals: bool = False,
) -> SafeString:
    """A small time series, earliest first in `rows`; on Persian pages the earliest point is on
    the right. `tick(point)` labels the time axis (the point's label when not given)."""
    rtl = lang == "fa"
    height, left, right, top, bottom = 240, 64, 22, 14, 40
    if rtl:
        left, right = right, left
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    values = [_f(r.value) for r in rows if r.value is not None]
    biggest = max(values, default=0) or 1
    step = plot_w / max(len(rows) - 1, 1)

    def x(i: int) -> float:
        return (WIDTH - right - i * step) if rtl else (left + i * step)

    def y(v: float) -> float:
        return top + plot_h - plot_h * (v / biggest)

    parts = []
    for k in range(5):  # gridlines and the value axis
        v = biggest * k / 4
        gy = y(v)
        axis_x = WIDTH - right + 6 if rtl else left - 6
        label = number(round(v, 1) if decimals else round(v), lang)
        parts.append(
            f'<line class="grid" x1="{left}" x2="{WIDTH - right}" y1="{gy:.1f}" y2="{gy:.1f}"/>'
            + text(axis_x, gy + 4, label, edge="left" if rtl else "right", rtl=rtl, cls="tick")
        )
    every = max(1, -(-len(rows) // 6))  # at most six labels on the time axis
    points = []
    for i, row in enumerate(rows):
        if i % every == 0:
            label = tick(row) if tick else row.label
            parts.append(
                text(x(i), height - bottom + 18, label, edge="middle", rtl=rtl, cls="tick")
            )
        if row.value is not None:
            points.append((x(i), y(_f(row.value)), row))
    if len(points) > 1:
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py, _r in points)
        parts.append(f'<polyline class="line" fill="none" stroke="{PALETTE[0]}" points="{path}"/>')
    for px, py, row in points:
        parts.append(
            link(
                row.href,
                f'<circle class="dot" cx="{px:.1f}" cy="{py:.1f}" r="4" '
                f'fill="{WARN if getattr(row, "warn", False) else PALETTE[0]}">'
                f"<title>{escape(row.label)}: {escape(number(row.value, lang))}</title></circle>",
            )
        )
    desc = describe(rows, lang) if desc is None else desc
    return svg(uid, title, desc, WIDTH, height, "".join(parts))

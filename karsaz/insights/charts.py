"""Charts as server-side SVG: bars, a time series over Jalali months, shares, and Iran's map.

No JavaScript and nothing fetched: each chart is a few dozen SVG elements written here, with a
<title> and <desc> for screen readers (the page adds the data table behind it). On Persian
pages bars grow from the right, time runs right to left and every digit is Persian; the map
keeps its geography. Each bar, point, share and province links to the narrower dashboard or
the list of firms behind it.
"""

import json
from decimal import Decimal
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from karsaz.core.persian import to_persian_digits

MAP_FILE = Path(__file__).resolve().parent / "data" / "iran-provinces.geojson"
PALETTE = ("#0f766e", "#d97706", "#2563eb", "#be185d", "#65a30d", "#7c3aed", "#0891b2", "#b45309")
# Five classes of the choropleth, light to dark (ColorBrewer YlGnBu).
SCALE = ("#edf8b1", "#c7e9b4", "#7fcdbb", "#1d91c0", "#0c2c84")
EMPTY = "#e5e7eb"
WIDTH = 400  # bars, lines and shares: narrow enough that text stays legible on a phone
BARS = 31  # at most this many bars (every province); the data table holds the rest
MAP_WIDTH = 640
# Iran's bounding box; longitudes shrink by the cosine of its mean latitude (32°), a plain
# equirectangular projection that keeps the country's familiar shape.
WEST, EAST, SOUTH, NORTH, COS_LAT = 44.0, 63.4, 25.0, 39.8, 0.848


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


def unit_label(unit: str) -> str:
    return {
        "count": pgettext("unit", "count"), "rials": pgettext("unit", "rials"),
        "days": pgettext("unit", "days"), "people": pgettext("unit", "people"),
        "hours": pgettext("unit", "hours"), "percent": pgettext("unit", "percent"),
    }.get(unit, unit)  # fmt: skip


def _svg(uid: str, title: str, desc: str, width: float, height: float, body: str) -> SafeString:
    return mark_safe(  # noqa: S308 - every text below went through escape()
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" aria-labelledby="{uid}-t {uid}-d">'
        f'<title id="{uid}-t">{escape(title)}</title><desc id="{uid}-d">{escape(desc)}</desc>'
        f"{body}</svg>"
    )


def _text(x: float, y: float, body: str, *, edge: str, rtl: bool, cls: str = "label") -> str:
    """A text whose `edge` ("left", "right" or "middle") sits at x. The direction is set on the
    element, so the page's own (rtl on Persian pages) cannot flip the anchor."""
    anchor = "middle"
    if edge != "middle":
        anchor = "start" if (edge == "left") != rtl else "end"
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" '
        f'direction="{"rtl" if rtl else "ltr"}" class="{cls}">{escape(body)}</text>'
    )


def _link(href: str, inner: str) -> str:
    return f'<a href="{escape(href)}">{inner}</a>' if href else inner


def _describe(chart: Any, lang: str) -> str:
    shown = [r for r in chart.rows if not r.suppressed]
    if not shown:
        return _("No figures for this selection.")
    top = max(shown, key=lambda r: r.value or 0)
    return _("{n} values; the largest is {label}: {value} {unit}.").format(
        n=number(len(chart.rows), lang), label=top.label, value=number(top.value, lang),
        unit=unit_label(chart.fact.unit),
    )  # fmt: skip


def bars(chart: Any, *, lang: str, uid: str) -> SafeString:
    """Horizontal bars, one per row: the label on the reading side, the bar towards the other."""
    rtl = lang == "fa"
    rows, rest = chart.rows[:BARS], len(chart.rows) - BARS
    row_h, top, label_w, value_w = 28, 6, 150, 70
    height = top * 2 + row_h * (max(len(rows), 1) + (rest > 0))
    biggest = max((_f(r.value) for r in rows), default=0) or 1
    span = WIDTH - label_w - value_w
    parts = []
    for i, row in enumerate(rows):
        y = top + i * row_h
        length = 0 if row.value is None else max(span * (_f(row.value) / biggest), 1)
        x_label = WIDTH - 4 if rtl else label_w - 8
        x_bar = WIDTH - label_w - length if rtl else label_w
        x_value = x_bar - 6 if rtl else label_w + length + 6
        if row.suppressed:
            x_value = WIDTH - label_w - 6 if rtl else label_w + 6
        text = _("suppressed") if row.suppressed else number(row.value, lang)
        bar = (
            f'<rect class="bar-empty" x="{(WIDTH - label_w - span) if rtl else label_w}" '
            f'y="{y + 4}" width="{span}" height="{row_h - 8}"/>'
            if row.suppressed
            else f'<rect class="bar" x="{x_bar:.1f}" y="{y + 4}" width="{length:.1f}" '
            f'height="{row_h - 8}" fill="{PALETTE[0]}"/>'
        )
        label = row.label if len(row.label) <= 18 else row.label[:17] + "…"
        parts.append(
            _link(
                row.href,
                f"<g><title>{escape(row.label)}: {escape(text)}</title>{bar}"
                + _text(x_label, y + row_h / 2 + 4, label, edge="right", rtl=rtl)
                + _text(
                    x_value,
                    y + row_h / 2 + 4,
                    text,
                    edge="right" if rtl else "left",
                    rtl=rtl,
                    cls="value",
                )
                + "</g>",
            )
        )
    if rest > 0:
        more = _("and {n} more in the data table").format(n=number(rest, lang))
        parts.append(_text(WIDTH / 2, height - top - 9, more, edge="middle", rtl=rtl, cls="tick"))
    if not rows:
        parts.append(
            _text(WIDTH / 2, top + 17, _("No figures for this selection."), edge="middle", rtl=rtl)
        )
    return _svg(uid, chart.title, _describe(chart, lang), WIDTH, height, "".join(parts))


def line(chart: Any, *, lang: str, uid: str) -> SafeString:
    """A time series over Jalali months; on Persian pages the earliest month is on the right."""
    rtl = lang == "fa"
    rows = chart.rows
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
        tick = number(round(v) if not chart.fact.mean else round(v, 1), lang)
        parts.append(
            f'<line class="grid" x1="{left}" x2="{WIDTH - right}" y1="{gy:.1f}" y2="{gy:.1f}"/>'
            + _text(axis_x, gy + 4, tick, edge="left" if rtl else "right", rtl=rtl, cls="tick")
        )
    every = max(1, -(-len(rows) // 6))  # at most six month labels
    points = []
    for i, row in enumerate(rows):
        if i % every == 0:
            parts.append(
                _text(
                    x(i),
                    height - bottom + 18,
                    _short_month(row.key, lang),
                    edge="middle",
                    rtl=rtl,
                    cls="tick",
                )
            )
        if row.value is not None:
            points.append((x(i), y(_f(row.value)), row))
    if len(points) > 1:
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py, _r in points)
        parts.append(f'<polyline class="line" fill="none" stroke="{PALETTE[0]}" points="{path}"/>')
    for px, py, row in points:
        parts.append(
            _link(
                row.href,
                f'<circle class="dot" cx="{px:.1f}" cy="{py:.1f}" r="4" fill="{PALETTE[0]}">'
                f"<title>{escape(row.label)}: {escape(number(row.value, lang))}</title></circle>",
            )
        )
    return _svg(uid, chart.title, _describe(chart, lang), WIDTH, height, "".join(parts))


def _short_month(month: int, lang: str) -> str:
    year, m = divmod(int(month), 100)
    return to_persian_digits(f"{year}/{m:02d}") if lang == "fa" else f"{year}-{m:02d}"


def shares(chart: Any, *, lang: str, uid: str) -> SafeString:
    """Shares of a whole: one bar cut in parts (starting on the reading side) and a legend."""
    rtl = lang == "fa"
    rows = [r for r in chart.rows if r.value]
    total = sum(_f(r.value) for r in rows if not r.suppressed) or 1
    bar_h, legend_h = 34, 22
    height = 10 + bar_h + 14 + legend_h * max(len(rows), 1)
    parts, offset = [], 0.0
    for i, row in enumerate(rows):
        color = EMPTY if row.suppressed else PALETTE[i % len(PALETTE)]
        share = 0.0 if row.suppressed else _f(row.value) / total
        w = WIDTH * share
        x0 = WIDTH - offset - w if rtl else offset
        offset += w
        pct = number(round(100 * share, 1), lang) + ("٪" if lang == "fa" else "%")
        text = _("suppressed") if row.suppressed else f"{number(row.value, lang)} ({pct})"
        ly = 10 + bar_h + 14 + i * legend_h
        lx = WIDTH - 16 if rtl else 0
        tx = WIDTH - 22 if rtl else 22
        parts.append(
            _link(
                row.href,
                f"<g><title>{escape(row.label)}: {escape(text)}</title>"
                f'<rect x="{x0:.1f}" y="10" width="{w:.1f}" height="{bar_h}" fill="{color}"/>'
                f'<rect x="{lx}" y="{ly}" width="14" height="14" fill="{color}"/>'
                + _text(
                    tx, ly + 12, f"{row.label}: {text}", edge="right" if rtl else "left", rtl=rtl
                )
                + "</g>",
            )
        )
    if not rows:
        parts.append(
            _text(WIDTH / 2, 30, _("No figures for this selection."), edge="middle", rtl=rtl)
        )
    return _svg(uid, chart.title, _describe(chart, lang), WIDTH, height, "".join(parts))


@cache
def provinces_geometry() -> list[dict[str, Any]]:
    """The 31 provinces: ISO 3166-2:IR code, registry code, names, and the SVG path of each."""
    data = json.loads(MAP_FILE.read_text(encoding="utf-8"))
    scale = MAP_WIDTH / ((EAST - WEST) * COS_LAT)

    def xy(lon: float, lat: float) -> str:
        return f"{(lon - WEST) * COS_LAT * scale:.1f},{(NORTH - lat) * scale:.1f}"

    out = []
    for feature in data["features"]:
        rings = [ring for polygon in feature["geometry"]["coordinates"] for ring in polygon]
        path = " ".join("M" + " L".join(xy(lon, lat) for lon, lat in ring) + "Z" for ring in rings)
        out.append({**feature["properties"], "path": path})
    return out


def map_height() -> float:
    return (NORTH - SOUTH) * MAP_WIDTH / ((EAST - WEST) * COS_LAT)


def choropleth(chart: Any, *, lang: str, uid: str, province_codes: dict[int, str]) -> SafeString:
    """Iran's provinces shaded by the chart's figure (five equal classes up to the largest);
    `province_codes` maps the chart's keys (province ids) to the registry's two-digit codes."""
    by_code = {province_codes.get(r.key): r for r in chart.rows}
    biggest = max((_f(r.value) for r in chart.rows if not r.suppressed), default=0) or 1
    parts = []
    for province in provinces_geometry():
        row = by_code.get(province["code"])
        name = to_persian_digits(province["name_fa"]) if lang == "fa" else province["name_en"]
        if row is None or row.value is None:
            fill = EMPTY
            text = _("suppressed") if row is not None and row.suppressed else number(0, lang)
        else:
            fill = SCALE[min(int(5 * _f(row.value) / biggest), 4)] if row.value else EMPTY
            text = number(row.value, lang)
        shape = (
            f'<path d="{province["path"]}" fill="{fill}" class="province" '
            f'data-iso="{province["iso_3166_2"]}"><title>{escape(name)}: {escape(text)}</title>'
            f"</path>"
        )
        parts.append(_link(row.href if row is not None else "", shape))
    legend_y = map_height() + 8
    for i, color in enumerate(SCALE):
        lo, hi = biggest * i / 5, biggest * (i + 1) / 5
        rtl = lang == "fa"
        x0 = (MAP_WIDTH - 16 - i * 124) if rtl else (i * 124)
        span = f"{number(round(lo), lang)}–{number(round(hi), lang)}"
        parts.append(
            f'<rect x="{x0}" y="{legend_y}" width="16" height="14" fill="{color}"/>'
            + _text(
                x0 - 4 if rtl else x0 + 20,
                legend_y + 12,
                span,
                edge="right" if rtl else "left",
                rtl=rtl,
                cls="tick",
            )
        )
    return _svg(uid, chart.title, _describe(chart, lang), MAP_WIDTH, legend_y + 22, "".join(parts))


def render(chart: Any, *, lang: str, uid: str) -> SafeString:
    if chart.kind == "line":
        return line(chart, lang=lang, uid=uid)
    if chart.kind == "shares":
        return shares(chart, lang=lang, uid=uid)
    return bars(chart, lang=lang, uid=uid)

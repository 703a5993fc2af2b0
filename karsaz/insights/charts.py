"""Charts as server-side SVG: bars, a time series over Jalali months, shares, and Iran's map.

No JavaScript and nothing fetched: each chart is a few dozen SVG elements written here, with a
<title> and <desc> for screen readers (the page adds the data table behind it). On Persian
pages bars grow from the right, time runs right to left and every digit is Persian; the map
keeps its geography. Each bar, point, share and province links to the narrower dashboard or
the list of firms behind it.
"""

import json
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from karsaz.core import charts as core_charts
from karsaz.core.charts import PALETTE, WIDTH, number
from karsaz.core.charts import link as _link
from karsaz.core.charts import svg as _svg
from karsaz.core.charts import text as _text
from karsaz.core.persian import to_persian_digits

MAP_FILE = Path(__file__).resolve().parent / "data" / "iran-provinces.geojson"
# Five classes of the choropleth, light to dark (ColorBrewer YlGnBu).
SCALE = ("#edf8b1", "#c7e9b4", "#7fcdbb", "#1d91c0", "#0c2c84")
EMPTY = "#e5e7eb"
MAP_WIDTH = 640
# Iran's bounding box; longitudes shrink by the cosine of its mean latitude (32°), a plain
# equirectangular projection that keeps the country's familiar shape.
WEST, EAST, SOUTH, NORTH, COS_LAT = 44.0, 63.4, 25.0, 39.8, 0.848


def unit_label(unit: str) -> str:
    return {
        "count": pgettext("unit", "count"), "rials": pgettext("unit", "rials"),
        "days": pgettext("unit", "days"), "people": pgettext("unit", "people"),
        "hours": pgettext("unit", "hours"), "percent": pgettext("unit", "percent"),
    }.get(unit, unit)  # fmt: skip


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
    """Horizontal bars, one per row (core's chart component)."""
    return core_charts.bars(chart.rows, title=chart.title, lang=lang, uid=uid,
                            desc=_describe(chart, lang))  # fmt: skip


def line(chart: Any, *, lang: str, uid: str) -> SafeString:
    """A time series over Jalali months; on Persian pages the earliest month is on the right."""
    return core_charts.series(
        chart.rows, title=chart.title, lang=lang, uid=uid, desc=_describe(chart, lang),
        tick=lambda row: _short_month(row.key, lang), decimals=bool(chart.fact.mean),
    )  # fmt: skip


def _short_month(month: int, lang: str) -> str:
    year, m = divmod(int(month), 100)
    return to_persian_digits(f"{year}/{m:02d}") if lang == "fa" else f"{year}-{m:02d}"


def shares(chart: Any, *, lang: str, uid: str) -> SafeString:
    """Shares of a whole: one bar cut in parts (starting on the reading side) and a legend."""
    rtl = lang == "fa"
    rows = [r for r in chart.rows if r.value]
    total = sum(r.value for r in rows if not r.suppressed) or 1
    bar_h, legend_h = 34, 22
    height = 10 + bar_h + 14 + legend_h * max(len(rows), 1)
    parts, offset = [], 0.0
    for i, row in enumerate(rows):
        color = EMPTY if row.suppressed else PALETTE[i % len(PALETTE)]
        share = 0.0 if row.suppressed else row.value / total
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
    biggest = max((r.value or 0 for r in chart.rows if not r.suppressed), default=0) or 1
    parts = []
    for province in provinces_geometry():
        row = by_code.get(province["code"])
        name = to_persian_digits(province["name_fa"]) if lang == "fa" else province["name_en"]
        if row is None or row.value is None:
            fill = EMPTY
            text = _("suppressed") if row is not None and row.suppressed else number(0, lang)
        else:
            fill = SCALE[min(int(5 * row.value / biggest), 4)] if row.value else EMPTY
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

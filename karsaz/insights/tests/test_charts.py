"""The SVG charts (direction, digits, accessibility, links) and the map's codes and geometry."""

import itertools
import json
import re
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import translation

from karsaz.insights import charts
from karsaz.insights.choices import Chart
from karsaz.insights.dashboards import ChartData, Row
from karsaz.registry.reference import DATA_DIR


def fact(**kwargs: Any) -> SimpleNamespace:
    return SimpleNamespace(**{"code": "x.y", "label": "Deals", "unit": "rials", "mean": False,
                              **kwargs})  # fmt: skip


def chart(kind: str, rows: list[Row], **fact_kwargs: Any) -> ChartData:
    return ChartData(
        fact=fact(**fact_kwargs),  # type: ignore[arg-type]
        chart=kind, title="Deals by province", dimension="Province", rows=rows,
    )  # fmt: skip


ROWS = [
    Row(key=1, label="تهران", value=7_000_000, rows=6, firms=6, href="/insights/province/23/"),
    Row(key=2, label="قزوین", value=5_000_000, rows=4, firms=4, href="/insights/province/26/"),
    Row(key=3, label="اصفهان", value=None, rows=None, firms=None, suppressed=True),
]


def texts(svg: str) -> list[tuple[str, str, str, str]]:
    """(x, anchor, direction, text) of every <text>."""
    return re.findall(
        r'<text x="([\d.]+)" y="[\d.]+" text-anchor="(\w+)" direction="(\w+)" class="\w+">'
        r"([^<]*)</text>",
        svg,
    )


def test_numbers_in_each_language():
    assert charts.number(12_345_678, "fa") == "۱۲٬۳۴۵٬۶۷۸"
    assert charts.number(12_345_678, "en") == "12,345,678"
    assert charts.number(2.5, "fa") == "۲٫۵"
    assert charts.number(None, "en") == "—"


def test_bars_run_right_to_left_in_persian_with_a_title_desc_and_links():
    svg = str(charts.bars(chart(Chart.PLACES, ROWS), lang="fa", uid="c1"))
    assert svg.startswith('<svg class="chart"') and 'aria-labelledby="c1-t c1-d"' in svg
    assert '<title id="c1-t">Deals by province</title>' in svg
    assert '<desc id="c1-d">۳ مقدار؛ بیشترین: تهران، ۷٬۰۰۰٬۰۰۰ ریال.</desc>' in svg
    labels = texts(svg)
    # Labels hug the right edge; values sit to the left of their bars; all in Persian digits.
    assert labels[0] == ("396.0", "start", "rtl", "تهران")
    assert labels[1][1:] == ("start", "rtl", "۷٬۰۰۰٬۰۰۰")
    assert labels[5][3] == "پنهان"  # Isfahan's figure is withheld, not drawn
    bar = re.search(r'<rect class="bar" x="([\d.]+)" y="\d+" width="([\d.]+)"', svg)
    assert bar and float(bar[1]) + float(bar[2]) == pytest.approx(charts.WIDTH - 150)
    assert '<a href="/insights/province/23/">' in svg and svg.count("<a ") == 2
    assert not re.search(r">[^<]*[0-9][^<]*</text>", svg)  # no Latin digit drawn


def test_bars_run_left_to_right_in_english():
    svg = str(charts.bars(chart(Chart.PLACES, ROWS), lang="en", uid="c1"))
    labels = texts(svg)
    assert labels[0] == ("142.0", "end", "ltr", "تهران")
    assert labels[1][1:] == ("start", "ltr", "7,000,000")
    bar = re.search(r'<rect class="bar" x="([\d.]+)"', svg)
    assert bar and bar[1] == "150.0"


def months(*values: int | None) -> list[Row]:
    return [
        Row(key=140401 + i, label=str(140401 + i), value=v, rows=v, firms=v)
        for i, v in enumerate(values)
    ]


def test_a_time_series_runs_right_to_left_with_jalali_labels_in_persian():
    svg = str(charts.line(chart(Chart.MONTHS, months(0, 5, 10)), lang="fa", uid="t"))
    dots = [float(x) for x in re.findall(r'<circle class="dot" cx="([\d.]+)"', svg)]
    assert dots == sorted(dots, reverse=True)  # Farvardin on the right
    ticks = [t[3] for t in texts(svg)]
    assert ticks[-3:] == ["۱۴۰۴/۰۱", "۱۴۰۴/۰۲", "۱۴۰۴/۰۳"]
    assert ticks[:5] == ["۰", "۲", "۵", "۸", "۱۰"]  # the value axis, rounded half to even


def test_a_time_series_runs_left_to_right_in_english():
    svg = str(charts.line(chart(Chart.MONTHS, months(0, 5, 10)), lang="en", uid="t"))
    dots = [float(x) for x in re.findall(r'<circle class="dot" cx="([\d.]+)"', svg)]
    assert dots == sorted(dots)
    assert [t[3] for t in texts(svg)][-3:] == ["1404-01", "1404-02", "1404-03"]


def test_shares_add_up_to_the_whole_with_percentages():
    rows = [
        Row(key="micro", label="Micro", value=30, rows=30, firms=30),
        Row(key="small", label="Small", value=10, rows=10, firms=10),
    ]
    svg = str(charts.shares(chart(Chart.SIZES, rows, unit="count"), lang="en", uid="s"))
    widths = [float(w) for w in re.findall(r'<rect x="[\d.]+" y="10" width="([\d.]+)"', svg)]
    assert widths == [300.0, 100.0]
    assert [t[3] for t in texts(svg)] == ["Micro: 30 (75.0%)", "Small: 10 (25.0%)"]


def test_an_empty_chart_says_so():
    with translation.override("en"):
        svg = str(charts.bars(chart(Chart.PLACES, []), lang="en", uid="e"))
    assert "No figures for this selection." in svg


# --- the map ------------------------------------------------------------------------------------

# A town inside each province (a capital, or an inland town where the capital is on the coast):
# each must fall inside its own province's outline and no other's.
TOWNS = {
    "00": (49.69, 34.09), "01": (49.58, 37.28), "02": (53.06, 36.56), "03": (46.29, 38.08),
    "04": (45.07, 37.55), "05": (47.07, 34.31), "06": (48.67, 31.32), "07": (52.53, 29.59),
    "08": (57.08, 30.28), "09": (59.60, 36.30), "10": (51.67, 32.65), "11": (60.86, 29.50),
    "12": (47.00, 35.31), "13": (48.51, 34.80), "14": (50.86, 32.33), "15": (48.36, 33.49),
    "16": (46.42, 33.64), "17": (51.59, 30.67), "18": (51.21, 29.27), "19": (48.48, 36.68),
    "20": (53.39, 35.58), "21": (54.37, 31.90), "22": (55.90, 28.31), "23": (51.39, 35.69),
    "24": (48.29, 38.25), "25": (50.88, 34.64), "26": (50.00, 36.27), "27": (54.43, 36.84),
    "28": (57.33, 37.47), "29": (59.22, 32.87), "30": (50.68, 35.96),
}  # fmt: skip


def _inside(point: tuple[float, float], ring: list[list[float]]) -> bool:
    x, y = point
    hit = False
    for (x1, y1), (x2, y2) in itertools.pairwise(ring):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            hit = not hit
    return hit


def test_the_map_holds_iran_s_31_provinces_with_their_iso_codes():
    features = json.loads(charts.MAP_FILE.read_text(encoding="utf-8"))["features"]
    registry = json.loads((DATA_DIR / "provinces.json").read_text(encoding="utf-8"))
    names = {p["code"]: (p["name_fa"], p["name_en"]) for p in registry}
    got = {f["properties"]["code"]: f["properties"] for f in features}
    assert len(features) == 31 and sorted(got) == sorted(names)
    for code, props in got.items():
        assert props["iso_3166_2"] == f"IR-{code}"
        assert (props["name_fa"], props["name_en"]) == names[code]
    assert got["23"]["name_en"] == "Tehran" and got["30"]["name_en"] == "Alborz"


def test_each_province_s_outline_holds_its_own_town_and_no_other():
    features = json.loads(charts.MAP_FILE.read_text(encoding="utf-8"))["features"]
    found = {}
    for code, town in TOWNS.items():
        found[code] = [
            f["properties"]["code"]
            for f in features
            if any(_inside(town, polygon[0]) for polygon in f["geometry"]["coordinates"])
        ]
    assert found == {code: [code] for code in TOWNS}


def test_the_choropleth_shades_links_and_names_each_province():
    rows = [
        Row(key=7, label="Tehran", value=20, rows=20, firms=20, href="/insights/province/23/"),
        Row(key=8, label="Alborz", value=4, rows=4, firms=4, href="/insights/province/30/"),
        Row(key=9, label="Qom", value=None, rows=None, firms=None, suppressed=True),
    ]
    with translation.override("en"):
        svg = str(
            charts.choropleth(
                chart(Chart.PLACES, rows, unit="count"), lang="en", uid="m",
                province_codes={7: "23", 8: "30", 9: "25"},
            )
        )  # fmt: skip
    fills = {iso: fill for fill, iso in re.findall(
        r'fill="(#\w+)" class="province" data-iso="(IR-\d\d)"', svg)}  # fmt: skip
    assert len(fills) == 31
    assert fills["IR-23"] == charts.SCALE[4] and fills["IR-30"] == charts.SCALE[1]
    assert fills["IR-25"] == charts.EMPTY and fills["IR-00"] == charts.EMPTY
    assert '<a href="/insights/province/30/"><path' in svg
    assert "<title>Alborz: 4</title>" in svg and "<title>Qom: suppressed</title>" in svg


def test_bars_stop_at_31_and_say_how_many_more_the_table_holds():
    rows = [Row(key=i, label=f"d{i}", value=100 - i, rows=1, firms=1) for i in range(40)]
    with translation.override("en"):
        svg = str(charts.bars(chart(Chart.DIVISIONS, rows), lang="en", uid="b"))
    assert svg.count('<rect class="bar"') == 31
    assert "and 9 more in the data table" in svg

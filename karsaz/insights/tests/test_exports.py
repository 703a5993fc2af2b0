"""Exports: a chart as CSV and XLSX, a dashboard as one XLSX (a sheet per chart) and as a PDF
whose text, read back through its fonts' ToUnicode maps, holds the figures."""

import csv
import io
import re
import zlib
from collections import defaultdict

import openpyxl
import pytest
from django.urls import reverse

from karsaz.insights.tests.cube import cube_fixture, facts_fixture  # noqa: F401
from karsaz.insights.tests.test_views import client_for

pytestmark = pytest.mark.django_db


def chart_url(code: str, chart: str, fmt: str) -> str:
    return reverse("insights:chart_export", args=[code, chart, fmt])


def export_url(fmt: str) -> str:
    return reverse("insights:export", args=[fmt])


# --- reading a PDF back -------------------------------------------------------------------------


# A font switch, or a glyph string shown at a position (a colour may be set in between).
SHOW = re.compile(
    rb"/(F\d+) [\d.]+ Tf|([\d.]+) ([\d.]+) (?:Td|Tm)(?:[\d. ]+r?g)? *\(((?:\\.|[^\\)])*)\) Tj", re.S
)


def _objects(pdf: bytes) -> dict[int, bytes]:
    return {int(n): body for n, body in re.findall(rb"(\d+) 0 obj(.*?)endobj", pdf, re.S)}


def _stream(body: bytes) -> bytes:
    raw = re.search(rb"stream\r?\n(.*?)\r?\nendstream", body, re.S)
    assert raw is not None
    return zlib.decompress(raw[1]) if b"FlateDecode" in body else raw[1]


def _unescape(literal: bytes) -> bytes:
    escapes = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}

    def one(match: re.Match[bytes]) -> bytes:
        token = match[1]
        if token[:1].isdigit():
            return bytes([int(token, 8)])
        return escapes.get(token, token)

    return re.sub(rb"\\([0-7]{1,3}|.)", one, literal, flags=re.S)


def pdf_lines(pdf: bytes) -> list[str]:
    """Each line of text as seen, left to right: fpdf2 places every shaped glyph on its own, so
    the glyphs are mapped back to characters through their font's ToUnicode CMap and ordered by
    their x on each baseline. Digits read left to right in both scripts, so figures come out
    as written."""
    objects = _objects(pdf)
    cmaps: dict[bytes, dict[int, str]] = {}
    for name, ref in re.findall(rb"/(F\d+) (\d+) 0 R", b"".join(objects.values())):
        font = objects[int(ref)]
        to_unicode = re.search(rb"/ToUnicode (\d+) 0 R", font)
        if to_unicode is None:
            continue
        cmap = _stream(objects[int(to_unicode[1])])
        cmaps[name] = {
            int(src, 16): bytes.fromhex(dst.decode()).decode("utf-16-be")
            for src, dst in re.findall(rb"<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]+)>", cmap)
        }
    lines: dict[tuple[int, float], list[tuple[float, str]]] = defaultdict(list)
    pages = [objects[int(n)] for n in re.findall(rb"/Contents (\d+) 0 R", pdf)]
    for number, page in enumerate(pages):
        content = _stream(page)
        font = b""
        for match in SHOW.finditer(content):
            if match[1]:
                font = match[1]
                continue
            glyphs = _unescape(match[4])
            text = "".join(
                cmaps[font].get(int.from_bytes(glyphs[i : i + 2], "big"), "?")
                for i in range(0, len(glyphs), 2)
            )
            lines[(number, -float(match[3]))].append((float(match[2]), text))
    return ["".join(text for _x, text in sorted(parts)) for _key, parts in sorted(lines.items())]


# --- a chart -------------------------------------------------------------------------------------


def test_a_chart_as_csv_in_persian(users, cube):  # type: ignore[no-untyped-def]
    response = client_for(users.national).get(chart_url("finance.amounts", "places", "csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="karsaz-finance.amounts-places.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        ["استان", "Amounts financed (ریال)", "بنگاه‌ها"],
        ["تهران", "7000000", "6"],
        ["قزوین", "5000000", "4"],
    ]


def test_a_time_series_as_xlsx_with_jalali_months(users, cube):  # type: ignore[no-untyped-def]
    response = client_for(users.national).get(
        chart_url("finance.amounts", "months", "xlsx"), {"period": "1404-Q1"}
    )
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    assert list(sheet.iter_rows(values_only=True)) == [
        ("ماه", "Amounts financed (ریال)", "بنگاه‌ها"),
        ("فروردین ۱۴۰۴", 0, 0),
        ("اردیبهشت ۱۴۰۴", 5_000_000, 4),
        ("خرداد ۱۴۰۴", 0, 0),
    ]


def test_a_stock_over_time_is_its_level_at_each_months_end(users, cube):  # type: ignore[no-untyped-def]
    response = client_for(users.national, "en").get(
        chart_url("registry.enterprises", "months", "csv"), {"period": "1404-Q2"}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        ["Month", "Enterprises (count)", "Enterprises"],
        ["Tir 1404", "30", "30"],
        ["Mordad 1404", "33", "33"],
        ["Shahrivar 1404", "33", "33"],
    ]


def test_a_suppressed_cell_is_exported_as_suppressed_never_its_value(users, cube):  # type: ignore[no-untyped-def]
    response = client_for(users.sme_owner, "en").get(
        chart_url("registry.enterprises", "places", "csv")
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1:] == [
        ["Tehran", "20", "20"], ["Isfahan", "suppressed", ""], ["Qazvin", "suppressed", ""],
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("url", "query"),
    [
        (chart_url("finance.amounts", "places", "pdf"), {}),
        (chart_url("finance.amounts", "pie", "csv"), {}),
        (chart_url("finance.amounts", "places", "csv"), {"period": "1404-13"}),
        (export_url("docx"), {}),
        (export_url("xlsx"), {"size": "giant"}),
    ],
)
def test_bad_export_requests_are_400(users, cube, url, query):  # type: ignore[no-untyped-def]
    response = client_for(users.national).get(url, query)
    assert response.status_code == 400


def test_a_bad_period_in_an_export_is_named_in_persian(users, cube):  # type: ignore[no-untyped-def]
    response = client_for(users.national).get(export_url("xlsx"), {"period": "1404-13"})
    assert response.status_code == 400
    assert response.content.decode() == (
        "دوره: «1404-13» دوره نیست: سال (۱۴۰۴)، فصل (1404-Q2) یا ماه (1404-07) شمسی بنویسید."
    )


# --- a dashboard ---------------------------------------------------------------------------------


def test_the_dashboard_as_one_workbook_a_sheet_per_chart(users, cube):  # type: ignore[no-untyped-def]
    response = client_for(users.national).get(export_url("xlsx"), {"province": "26"})
    assert response.status_code == 200
    assert 'filename="karsaz-insights-province-26.xlsx"' in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "شاخص‌ها", "Enterprises به تفکیک شهرک صنعتی", "Amounts financed به تفکیک شهرک",
    ]  # fmt: skip
    figures = list(book.worksheets[0].iter_rows(values_only=True))
    assert figures[0] == (
        "برنامه", "شاخص", "ارزش", "واحد", "تعریف", "داده‌ها تا", "ایران", "سهم (٪)",
    )  # fmt: skip
    assert [row[1:4] + row[5:] for row in figures[1:]] == [
        ("Enterprises", 10, "عدد", "۱۴۰۴/۰۷/۰۹ ۰۹:۳۰", 33, 30.3),
        ("Amounts financed", 5_000_000, "ریال", "۱۴۰۴/۰۷/۰۹ ۰۹:۳۰", 12_000_000, 41.7),
    ]
    park = list(book.worksheets[2].iter_rows(values_only=True))
    assert park[1] == (cube.park.name_fa, 5_000_000, 4)


def test_the_dashboard_as_a_persian_pdf_holds_its_figures(users, cube):  # type: ignore[no-untyped-def]
    response = client_for(users.national).get(export_url("pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert b"Vazirmatn" in response.content
    text = "\n".join(pdf_lines(response.content))
    for figure in ("۳۳", "۱۲٬۰۰۰٬۰۰۰", "۵٬۰۰۰٬۰۰۰", "۷٬۰۰۰٬۰۰۰", "۱۴۰۴/۰۷/۰۹"):
        assert figure in text, text


def test_the_dashboard_as_an_english_pdf(users, cube):  # type: ignore[no-untyped-def]
    response = client_for(users.national, "en").get(export_url("pdf"), {"period": "1404-Q1"})
    lines = pdf_lines(response.content)
    assert lines[0] == "Insights: Iran"
    assert "Period: Q1 1404 · data as of 2025-10-01 09:30" in lines
    assert "Enterprises30count2025-10-01 09:30" in lines  # the row's cells, left to right
    assert "Amounts financed5,000,000rials2025-10-01 09:30" in lines
    # Each chart's table: a province, its figure, its enterprises (Tehran's amounts are Mehr's).
    assert lines[5:] == [
        "Enterprises by province", "ProvincecountEnterprises", "Tehran2020", "Qazvin1010",
        "Amounts financed by province", "ProvincerialsEnterprises", "Qazvin5,000,0004",
    ]  # fmt: skip


def test_a_provincial_officers_pdf_of_the_country_is_totals_only(users, cube):  # type: ignore[no-untyped-def]
    response = client_for(users.qazvin_officer, "en").get(export_url("pdf"))
    assert response.status_code == 200
    lines = pdf_lines(response.content)
    assert "Enterprises33count2025-10-01 09:30" in lines
    assert not any(line.startswith(("Tehran", "Qazvin", "Isfahan")) for line in lines)

"""Exports of the dashboards: a chart's data as CSV or XLSX, a whole dashboard as one XLSX (a
sheet per chart, after a sheet of the headline figures) or as a PDF.

Tables go through `core.tables` (its formula guard and UTF-8 BOM); the PDF is drawn like the
events agenda (fpdf2 with HarfBuzz shaping and the bundled Vazirmatn fonts), right to left on
Persian pages. Headers, labels and dates are in the user's language: Jalali on Persian pages.
"""

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import tablib
from django.http import HttpResponse
from django.utils.translation import gettext as _
from fpdf import FPDF

from karsaz.core import tables
from karsaz.core.i18n import page_language
from karsaz.core.jalali import format_datetime
from karsaz.insights.charts import number, unit_label
from karsaz.insights.choices import Level
from karsaz.insights.dashboards import ChartData, Dashboard

FONTS = Path(__file__).resolve().parent.parent / "core" / "static" / "karsaz" / "fonts"
PDF = "application/pdf"
SHEET_UNSAFE = re.compile(r"[\[\]:*?/\\]")


def attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _value(row: Any) -> Any:
    return _("suppressed") if row.suppressed else row.value


def chart_table(chart: ChartData) -> tuple[list[str], list[list[Any]]]:
    headers = [
        chart.dimension,
        _("{figure} ({unit})").format(figure=chart.fact.label, unit=unit_label(chart.fact.unit)),
        _("Enterprises"),
    ]
    rows = [[r.label, _value(r), "" if r.firms is None else r.firms] for r in chart.rows]
    return headers, rows


def chart_file(chart: ChartData, *, fmt: str) -> tuple[bytes, str]:
    headers, rows = chart_table(chart)
    return tables.export_table(headers, rows, fmt), tables.EXPORT_FORMATS[fmt]


def _as_of(value: Any, lang: str) -> str:
    return format_datetime(value, lang=lang) if value else _("not computed yet")


def figures_table(board: Dashboard) -> tuple[list[str], list[list[Any]]]:
    lang = page_language()
    headers = [_("Programme"), _("Figure"), _("Value"), _("Unit"), _("Definition"), _("Data as of")]
    rows = [
        [
            group, figure.fact.label,
            _("suppressed") if figure.suppressed else figure.value,
            unit_label(figure.fact.unit), figure.fact.definition, _as_of(figure.as_of, lang),
        ]
        for group, figures in board.groups
        for figure in figures
    ]  # fmt: skip
    if board.place.level != Level.NATIONAL:  # a province's or park's: the country beside it
        headers += [_("Iran"), _("Share (%)")]
        for row, figure in zip(rows, board.figures(), strict=True):
            row += [figure.national, figure.share]
    return headers, rows


def _sheet(title: str, taken: set[str]) -> str:
    base = SHEET_UNSAFE.sub(" ", str(title)).strip()[:31].strip() or "sheet"  # Excel's limit: 31
    name, n = base, 1
    while name.lower() in taken:
        n += 1
        name = f"{base[:28].strip()} {n}"
    taken.add(name.lower())
    return name


def dashboard_xlsx(board: Dashboard) -> bytes:
    book = tablib.Databook()
    taken: set[str] = set()
    for title, (headers, rows) in [
        (_("Figures"), figures_table(board)),
        *((chart.title, chart_table(chart)) for chart in board.charts()),
    ]:
        sheet = tablib.Dataset(headers=[tables.export_cell(h) for h in headers])
        sheet.title = _sheet(title, taken)
        for row in rows:
            sheet.append([tables.export_cell(v) for v in row])
        book.add_sheet(sheet)
    return bytes(book.export("xlsx"))


class _Pdf(FPDF):
    def __init__(self, *, rtl: bool) -> None:
        super().__init__(format="A4")
        self.rtl = rtl
        self.add_font("Vazirmatn", "", str(FONTS / "Vazirmatn-Regular.ttf"))
        self.add_font("Vazirmatn", "B", str(FONTS / "Vazirmatn-Bold.ttf"))
        self.set_text_shaping(
            use_shaping_engine=True, direction="rtl" if rtl else "ltr", script="arab",
            language="fas",
        )  # fmt: skip
        self.set_auto_page_break(auto=True, margin=15)

    def para(self, text: str, *, size: int = 11, bold: bool = False, h: float = 8) -> None:
        self.set_font("Vazirmatn", "B" if bold else "", size)
        self.multi_cell(0, h, text, align="R" if self.rtl else "L", new_x="LMARGIN", new_y="NEXT")

    def grid(self, columns: list[tuple[str, float]], rows: list[list[str]]) -> None:
        """Columns laid from the reading side: the first column is rightmost in Persian."""

        def line(cells: list[str], *, fill: bool = False) -> None:
            y = self.get_y()
            if y > self.h - 25:
                self.add_page()
                y = self.get_y()
            x = self.w - self.r_margin if self.rtl else self.l_margin
            for text, (_head, width) in zip(cells, columns, strict=True):
                if self.rtl:
                    x -= width
                self.set_xy(x, y)
                self.cell(width, 7, _fit(self, text, width - 3), border=1,
                          align="R" if self.rtl else "L", fill=fill)  # fmt: skip
                if not self.rtl:
                    x += width
            self.set_xy(self.l_margin, y + 7)

        self.set_font("Vazirmatn", "B", 9)
        self.set_fill_color(230, 244, 241)
        line([head for head, _w in columns], fill=True)
        self.set_font("Vazirmatn", "", 9)
        for row in rows:
            line(row)
        self.ln(3)


def _fit(pdf: FPDF, text: str, width: float) -> str:
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text + "…"


def dashboard_pdf(board: Dashboard) -> bytes:
    lang = page_language()
    pdf = _Pdf(rtl=lang == "fa")
    pdf.add_page()
    pdf.para(_("Insights: {place}").format(place=board.place.name(lang)), size=16, bold=True, h=10)
    period = board.period.label(lang) if board.period else _("All periods")
    pdf.para(
        _("Period: {period} · data as of {as_of}").format(
            period=period, as_of=_as_of(board.as_of, lang)
        ),
        size=10, h=7,
    )  # fmt: skip
    if board.suppressed:
        pdf.para(_("Figures from fewer than 5 enterprises (3 for amounts) are withheld."), size=9)
    pdf.ln(2)
    _headers, rows = figures_table(board)
    pdf.grid(
        [(_("Figure"), 80), (_("Value"), 45), (_("Unit"), 25), (_("Data as of"), 40)],
        [[str(r[1]), _cell(r[2], lang), str(r[3]), str(r[5])] for r in rows],
    )
    for chart in board.charts():
        pdf.para(str(chart.title), size=11, bold=True)
        pdf.grid(
            [
                (str(chart.dimension), 110),
                (unit_label(chart.fact.unit), 40),
                (_("Enterprises"), 30),
            ],
            [[r.label, _cell(_value(r), lang), _cell(r.firms, lang)] for r in chart.rows],
        )
    return bytes(pdf.output())


def _cell(value: Any, lang: str) -> str:
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return number(value, lang)
    return "" if value is None else str(value)


def dashboard_file(board: Dashboard, *, fmt: str) -> tuple[bytes, str]:
    if fmt == "pdf":
        return dashboard_pdf(board), PDF
    return dashboard_xlsx(board), tables.EXPORT_FORMATS["xlsx"]

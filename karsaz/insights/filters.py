"""The dashboards' filters: a Jalali period and the cube's dimensions, from a query string.

One translation serves the pages, the exports and the links they carry: `parse_period` reads a
year ("1404"), a quarter ("1404-Q2") or a month ("1404-07"), in Latin or Persian digits, into
the inclusive range of Jalali months (yyyymm) the selectors take; `registry_query` turns the
same slice into the registry's enterprise-list parameters (its FilterSet's names), so a chart
links to the firms behind it.
"""

import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from karsaz.core.jalali import MONTHS_FA
from karsaz.core.persian import to_latin_digits, to_persian_digits
from karsaz.insights import months
from karsaz.insights.choices import Grain
from karsaz.insights.errors import InsightsErrorCode
from karsaz.insights.selectors import Filters

# The query parameters a dashboard reads; the registry's list reads the same names (its
# `isic` takes a division's two digits as a prefix). `series` narrows a figure's page to one
# of its categories (a state, an area), which its series chart links to.
PARAMS = ("period", "province", "park", "isic", "size", "kind", "series")
MONTHS_EN = (
    "Farvardin", "Ordibehesht", "Khordad", "Tir", "Mordad", "Shahrivar",
    "Mehr", "Aban", "Azar", "Dey", "Bahman", "Esfand",
)  # fmt: skip
_PERIOD = re.compile(r"^(\d{4})(?:-(?:[qQ](\d)|(\d{1,2})))?$")


@dataclass(frozen=True)
class Period:
    text: str  # the canonical spelling: "1404", "1404-Q2", "1404-07"
    grain: str
    start: int  # Jalali yyyymm, inclusive
    end: int

    def label(self, lang: str) -> str:
        """«فصل ۲ ۱۴۰۴» / «Q2 1404», «مهر ۱۴۰۴» / «Mehr 1404», «۱۴۰۴» / «1404»."""
        year, m = divmod(self.start, 100)
        if self.grain == Grain.MONTH:
            text = f"{MONTHS_FA[m - 1]} {year}" if lang == "fa" else f"{MONTHS_EN[m - 1]} {year}"
        elif self.grain == Grain.QUARTER:
            quarter = (m - 1) // 3 + 1
            text = f"فصل {quarter} {year}" if lang == "fa" else f"Q{quarter} {year}"
        else:
            text = str(year)
        return to_persian_digits(text) if lang == "fa" else text


def invalid_period(text: str) -> ValidationError:
    """The period's error, with its code (the form puts it on its `period` field; an API wraps
    it with `core.errors.field_error`)."""
    return ValidationError(
        _(
            "«{value}» is not a period: write a Jalali year (1404), a quarter (1404-Q2) "
            "or a month (1404-07)."
        ).format(value=text),
        code=InsightsErrorCode.INVALID_PERIOD,
    )


def parse_period(text: str) -> Period | None:
    """The period named by `text` ("" or None: all time); a ValidationError coded
    `invalid_period` for anything else, a month 13 or a fifth quarter included."""
    raw = to_latin_digits(text or "").strip()
    if not raw:
        return None
    match = _PERIOD.match(raw)
    if not match:
        raise invalid_period(text)
    year, quarter, month = int(match[1]), match[2], match[3]
    if quarter is not None:
        q = int(quarter)
        if not 1 <= q <= 4:
            raise invalid_period(text)
        start, end, grain, canon = (
            year * 100 + 3 * q - 2, year * 100 + 3 * q, Grain.QUARTER, f"{year}-Q{q}"
        )  # fmt: skip
    elif month is not None:
        start = end = year * 100 + int(month)
        grain, canon = Grain.MONTH, f"{year}-{int(month):02d}"
    else:
        start, end, grain, canon = year * 100 + 1, year * 100 + 12, Grain.YEAR, str(year)
    if not (months.is_valid(start) and months.is_valid(end)):
        raise invalid_period(text)
    return Period(text=canon, grain=grain, start=start, end=end)


def month_label(month: int, lang: str, *, short: bool = False) -> str:
    """A Jalali month on an axis: «مهر ۱۴۰۴» / «Mehr 1404» (short: «۱۴۰۴/۰۷» / «1404-07»)."""
    year, m = divmod(month, 100)
    if short:
        return to_persian_digits(f"{year}/{m:02d}") if lang == "fa" else f"{year}-{m:02d}"
    if lang == "fa":
        return to_persian_digits(f"{MONTHS_FA[m - 1]} {year}")
    return f"{MONTHS_EN[m - 1]} {year}"


def to_filters(
    period: Period | None,
    *,
    province_id: int | None = None,
    park_id: int | None = None,
    isic: str = "",
    size: str = "",
    kind: str = "",
    series: str = "",
) -> Filters:
    return Filters(
        start=period.start if period else None,
        end=period.end if period else None,
        province=province_id,
        park=park_id,
        isic_division=isic or None,
        size_class=size or None,
        kind=kind or None,
        series=series or None,
    )


def registry_query(
    *,
    province_code: str = "",
    park_id: int | None = None,
    isic: str = "",
    size: str = "",
    kind: str = "",
) -> dict[str, Any]:
    """The registry list's parameters for the same slice (its FilterSet: province by code,
    park by id, isic as a code prefix, size, kind); empty values are left out."""
    query = {
        "province": province_code, "park": park_id or "", "isic": isic, "size": size,
        "kind": kind,
    }  # fmt: skip
    return {k: v for k, v in query.items() if v not in ("", None)}

"""The filters of a download or an API read, from query parameters to a `tables.Selection`.

`start` and `end` are Jalali years (1402) or months (1402/05, 1402-05, 140205), in Latin or
Persian digits; a month selects the year it falls in, since datasets are published by year. The
other filters name one value of a dimension the dataset has (a province's two-digit code, or
`IR` for the national total; a size class; a kind; an ISIC division; a series; `all` for a
total). Unknown parameters are ignored.
"""

import re
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from karsaz.core.i18n import page_language
from karsaz.core.persian import to_latin_digits, to_persian_digits
from karsaz.insights.opendata.datasets import Dataset
from karsaz.insights.opendata.errors import OpenDataErrorCode
from karsaz.insights.opendata.tables import Selection, dimension_values

FILTERS = ("province", "size_class", "kind", "isic_division", "series")
_PERIOD = re.compile(r"^(\d{4})(?:[-/]?(\d{1,2}))?$")
FIRST_YEAR, LAST_YEAR = 1300, 1500

Errors = dict[str, list[ValidationError]]


def parse(dataset: Dataset, params: Mapping[str, str]) -> tuple[Selection, Errors]:
    """The selection the parameters ask for, and every field's errors (empty when valid)."""
    errors: Errors = {}
    years: dict[str, int | None] = {}
    for name in ("start", "end"):
        raw = (params.get(name) or "").strip()
        years[name] = _year(raw, name, errors) if raw else None
    start, end = years["start"], years["end"]
    if start is not None and end is not None and start > end:
        _add(
            errors,
            "end",
            _("The end of the period comes before its start."),
            OpenDataErrorCode.PERIOD_REVERSED,
        )
    values: dict[str, str] = {}
    asked = {n: (params.get(n) or "").strip() for n in FILTERS if (params.get(n) or "").strip()}
    known = dimension_values(dataset) if asked else {}
    for name, raw in asked.items():
        if name not in dataset.dimensions:
            _add(
                errors,
                name,
                _("This dataset has no breakdown by this field."),
                OpenDataErrorCode.NOT_A_DIMENSION,
            )
            continue
        value = to_latin_digits(raw)
        if value not in known[name]:
            _add(
                errors,
                name,
                _("“{value}” is not one of this dataset’s values.").format(value=raw[:40]),
                OpenDataErrorCode.UNKNOWN_VALUE,
            )
            continue
        values[name] = value
    return Selection(start=start, end=end, values=values), errors


def raise_for(errors: Errors) -> None:
    """The API's 400: `{"field": [{"message", "code"}]}` through core's exception handler."""
    if errors:
        raise ValidationError(errors)


def _year(raw: str, name: str, errors: Errors) -> int | None:
    found = _PERIOD.match(to_latin_digits(raw))
    if found is None:
        _add(
            errors,
            name,
            _("Enter a Jalali year such as 1402, or a month such as 1402/05."),
            OpenDataErrorCode.INVALID_PERIOD,
        )
        return None
    year = int(found[1])
    if found[2] is not None and not 1 <= int(found[2]) <= 12:
        _add(
            errors,
            name,
            _("There is no month {month} in the Jalali calendar: months run from 1 to 12.").format(
                month=_n(int(found[2]))
            ),
            OpenDataErrorCode.INVALID_MONTH,
        )
        return None
    if not FIRST_YEAR <= year <= LAST_YEAR:
        _add(
            errors,
            name,
            _("Enter a Jalali year from {first} to {last}.").format(
                first=_n(FIRST_YEAR), last=_n(LAST_YEAR)
            ),
            OpenDataErrorCode.INVALID_PERIOD,
        )
        return None
    return year


def _n(number: int) -> str:
    """A number in the page's digits (the message is shown as is)."""
    return to_persian_digits(str(number)) if page_language() == "fa" else str(number)


def _add(errors: Errors, name: str, message: str, code: str) -> None:
    errors.setdefault(name, []).append(ValidationError(message, code=code))

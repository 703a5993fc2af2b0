"""A table as CSV (UTF-8 with a BOM, so Excel reads the Persian) and as JSON.

Codes are the same in both languages (year, province code, size class, kind); the labels and
the CSV's headers follow the page's language. A withheld figure is an empty value with
`withheld` true, never a zero.
"""

import csv
import io
from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from karsaz.insights.opendata.tables import DIMENSION_LABEL, Table

HEADER = {
    "year": _("Jalali year"),
    "code": _("{dimension} code"),
    "value": pgettext_lazy("open data column", "Value"),
    "withheld": _("Withheld"),
}


def columns(table: Table) -> list[str]:
    """The machine names of the columns: year, then a code and a label per dimension."""
    names = ["year"]
    for name in table.dataset.dimensions:
        names += [name, f"{name}_label"]
    return [*names, "value", "withheld"]


def headers(table: Table, lang: str) -> list[str]:
    with translation.override(lang):
        names = [str(HEADER["year"])]
        for name in table.dataset.dimensions:
            label = str(DIMENSION_LABEL[name])
            names += [str(HEADER["code"]).format(dimension=label), label]
        return [*names, str(HEADER["value"]), str(HEADER["withheld"])]


def records(table: Table, lang: str) -> list[dict[str, Any]]:
    """One dict per row, keyed by `columns`; labels in `lang`."""
    found = []
    for row in table.rows:
        record: dict[str, Any] = {"year": row.year}
        for name, code in zip(table.dataset.dimensions, row.key, strict=True):
            record[name] = code
            record[f"{name}_label"] = table.label(name, code, lang)
        value = row.value
        record["value"] = float(value) if isinstance(value, Decimal) else value
        record["withheld"] = row.withheld
        found.append(record)
    return found


def to_csv(table: Table, lang: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers(table, lang))
    names = columns(table)
    with translation.override(lang):
        yes, no = str(_("yes")), str(_("no"))
    for record in records(table, lang):
        cells = [record[n] for n in names]
        cells[-1] = yes if record["withheld"] else no
        # Figures keep Latin digits in both languages: a spreadsheet must read them as numbers.
        cells[-2] = "" if record["value"] is None else str(record["value"])
        writer.writerow(cells)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_json(table: Table, lang: str, *, meta: dict[str, Any]) -> dict[str, Any]:
    return {**meta, "columns": columns(table), "rows": records(table, lang)}

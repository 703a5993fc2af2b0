"""Exports in the reader's language: a column is (code, translated label, how to render a value).

One rule for every module's CSV/XLSX export:

- headers are the columns' labels in the active language (the page's language);
- dates are Jalali ``1405/01/31`` on a Persian page and ISO ``2026-04-20`` on an English one,
  always with Latin digits, so a spreadsheet sorts and filters them and an importer
  (``jalali.parse_date``) reads both back;
- choices, provinces and states are their display labels in the active language, and names
  (firms, parks, programmes) the English name on an English page when there is one
  (``export_name``);
- money stays an integer number of rials (a number cell, never a float);
- a hidden (private) value is a blank cell; ``tables.export_table`` keeps the formula guard.

An importer reads a Persian or an English export back through ``header_aliases(columns)``.
"""

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import translation

from karsaz.core import jalali
from karsaz.core.tables import export_table


@dataclass(frozen=True)
class Column:
    code: str
    label: Any  # a lazy translation, rendered in the active language
    value: Callable[[Any], Any]


def export_date(value: dt.date | dt.datetime | None) -> str:
    """Jalali on a Persian page, ISO on an English one; Latin digits in both."""
    if value is None:
        return ""
    if translation.get_language() == "fa":
        j = jalali.to_jalali(value)
        return f"{j.year:04d}/{j.month:02d}/{j.day:02d}"
    return jalali.format_date(value, lang="en")


def export_name(obj: Any) -> str:
    """A named record (``name_fa``/``name_en``) in the active language; Persian when it has no
    English name. None is a blank cell."""
    if obj is None:
        return ""
    english = str(getattr(obj, "name_en", None) or "")
    if english and translation.get_language() != "fa":
        return english
    return str(obj.name_fa)


def export_rows(
    columns: Sequence[Column],
    objects: Iterable[Any],
    fmt: str,
    *,
    hidden: Callable[[Any], Iterable[str]] | None = None,
) -> bytes:
    """The table of ``objects``: one row each, the codes ``hidden(obj)`` names left blank."""
    headers = [str(c.label) for c in columns]

    def row(obj: Any) -> list[Any]:
        blank = frozenset(hidden(obj)) if hidden else frozenset()
        return ["" if c.code in blank else c.value(obj) for c in columns]

    return export_table(headers, (row(obj) for obj in objects), fmt)


def header_aliases(columns: Iterable[Column]) -> dict[str, str]:
    """``{label: code}`` in every language of the site, so an export reads back as an import."""
    aliases: dict[str, str] = {}
    for lang, _name in settings.LANGUAGES:
        with translation.override(lang):
            aliases.update({str(c.label): c.code for c in columns})
    return aliases

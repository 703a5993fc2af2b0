"""What the portal's pages and the JSON download show about a dataset, in the page's language.

Figures are formatted here (digits, rials, withheld marks) so templates only lay them out.
"""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from karsaz.core import money
from karsaz.core.i18n import page_language
from karsaz.core.persian import to_persian_digits
from karsaz.insights.opendata import query, tables, writers
from karsaz.insights.opendata.datasets import (
    FREQUENCY_LABEL,
    LICENCE,
    Dataset,
    publisher,
    publisher_name,
)

UNIT_LABEL = {
    "count": pgettext_lazy("unit", "count"),
    "rials": pgettext_lazy("unit", "rials"),
    "days": pgettext_lazy("unit", "days"),
    "people": pgettext_lazy("unit", "people"),
    "hours": pgettext_lazy("unit", "hours"),
    "percent": pgettext_lazy("unit", "percent"),
}
CATALOG_TITLE = gettext_lazy("Karsaz open data")
CATALOG_DESCRIPTION = gettext_lazy(
    "Aggregate figures of the agency's programmes for small and medium industries: registry, "
    "technology exchange, events, clinics, finance and capital readiness, by province, size "
    "class, enterprise kind and Jalali year, with small cells withheld."
)


def _digits(text: str, lang: str) -> str:
    return to_persian_digits(text) if lang == "fa" else text


def month_label(month: int, lang: str) -> str:
    year, m = divmod(month, 100)
    return _digits(f"{year}/{m:02d}", lang)


def coverage_label(span: tuple[int, int] | None, lang: str) -> str:
    if span is None:
        return ""
    return f"{month_label(span[0], lang)} – {month_label(span[1], lang)}"


def entries(found: list[Dataset]) -> list[dict[str, Any]]:
    """The index's cards: one per fact, with its datasets, coverage and last update (two
    queries)."""
    lang = page_language()
    coverage = tables.coverage()
    refreshed = tables.refreshed()
    cards: dict[str, dict[str, Any]] = {}
    for d in found:
        card = cards.setdefault(
            d.fact.code,
            {
                "label": d.fact.label,
                "definition": d.fact.definition,
                "unit": UNIT_LABEL[d.unit],
                "coverage": coverage_label(coverage.get(d.fact.code), lang),
                "updated": getattr(refreshed.get(d.fact.code), "finished_at", None),
                "datasets": [],
            },
        )
        card["datasets"].append({"dataset": d, "title": d.title()})
    return list(cards.values())


def about(dataset: Dataset) -> dict[str, Any]:
    """The dataset page's metadata block."""
    lang = page_language()
    refresh = tables.refreshed().get(dataset.fact.code)
    return {
        "title": dataset.title(),
        "description": dataset.description(),
        "publisher": publisher_name(),
        "licence": LICENCE,
        "frequency": FREQUENCY_LABEL,
        "updated": getattr(refresh, "finished_at", None),
        "coverage": coverage_label(tables.coverage().get(dataset.fact.code), lang),
        "spatial": _("Iran, by province") if "province" in dataset.dimensions else _("Iran"),
        "keywords": dataset.keywords(),
        "unit": UNIT_LABEL[dataset.unit],
        "dimensions": [str(tables.DIMENSION_LABEL[d]) for d in ("year", *dataset.dimensions)],
    }


def metadata(dataset: Dataset, lang: str) -> dict[str, Any]:
    """The JSON download's head: the dataset's description in both languages."""
    agency = publisher()
    with translation.override(lang):
        unit = str(UNIT_LABEL[dataset.unit])
    return {
        "dataset": dataset.code,
        "fact": dataset.fact.code,
        "unit": dataset.unit,
        "unit_label": unit,
        "mean": dataset.fact.mean,
        "nature": dataset.fact.nature,
        "dimensions": ["year", *dataset.dimensions],
        "publisher": {"fa": agency["name_fa"], "en": agency["name_en"], "url": agency["url"]},
        "licence": LICENCE,
        **{
            key: {lang_: text[key] for lang_, text in dataset.in_languages().items()}
            for key in ("title", "description")
        },
    }


def catalog_text() -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {"title": {}, "description": {}}
    for lang in ("fa", "en"):
        with translation.override(lang):
            found["title"][lang] = str(CATALOG_TITLE)
            found["description"][lang] = str(CATALOG_DESCRIPTION)
    return found


def filters(
    dataset: Dataset, table: tables.Table, params: Mapping[str, str], errors: query.Errors
) -> list[dict[str, Any]]:
    """The filter form's fields: the period, then one select per dimension."""
    lang = page_language()
    fields: list[dict[str, Any]] = [
        {
            "name": name,
            "label": label,
            "value": params.get(name, ""),
            "choices": None,
            "errors": [e.messages[0] for e in errors.get(name, [])],
        }
        for name, label in (
            ("start", _("From (Jalali year or month)")),
            ("end", _("To (Jalali year or month)")),
        )
    ]
    for name in dataset.dimensions:
        choices = [(code, table.label(name, code, lang)) for code in table.labels[name]]
        fields.append(
            {
                "name": name,
                "label": tables.DIMENSION_LABEL[name],
                "value": params.get(name, ""),
                "choices": choices,
                "errors": [e.messages[0] for e in errors.get(name, [])],
            }
        )
    return fields


def figure(value: int | Decimal | None, unit: str, lang: str) -> str:
    if value is None:
        return ""
    if unit == "rials" and isinstance(value, int):
        return money.format_amount(value, lang=lang)
    text = f"{value:,}" if isinstance(value, int) else str(value)
    return to_persian_digits(text.replace(",", "٬")) if lang == "fa" else text


def preview(table: tables.Table, lang: str, *, limit: int) -> dict[str, Any]:
    """The latest years first, `limit` rows at most: headers and display cells."""
    headers = writers.headers(table, lang)
    names = table.dataset.dimensions
    shown = sorted(table.rows, key=lambda r: -r.year)[:limit]
    rows = [
        {
            "year": _digits(str(row.year), lang),
            "labels": [table.label(n, code, lang) for n, code in zip(names, row.key, strict=True)],
            "value": figure(row.value, table.dataset.unit, lang),
            "withheld": row.withheld,
        }
        for row in shown
    ]
    labels = [headers[0], *(headers[2 + 2 * i] for i in range(len(names))), headers[-2]]
    return {"headers": labels, "rows": rows, "total": len(table.rows), "shown": len(rows)}

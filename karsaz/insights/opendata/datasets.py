"""What the portal publishes: every public fact, broken down by a fixed set of dimensions.

A dataset is a public fact (`Fact.public`) in one shape: by province, by size class and
enterprise kind, or by economic activity (ISIC division), each by Jalali year. The shapes
overlap only in the national totals, which they publish alike (`tables.py` suppresses them
together). Facts marked not public (need details, clinic notes, bank data, invoice-level
figures) never become datasets.
"""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from karsaz.core.facts import Fact
from karsaz.core.i18n import page_language
from karsaz.core.persian import to_persian_digits
from karsaz.insights import catalog
from karsaz.insights.suppression import MIN_FIRMS, MIN_FIRMS_AMOUNT

# How often the cells are recomputed (periodic.py: hourly for changed months, nightly in full),
# as the EU frequency vocabulary names it.
FREQUENCY = "DAILY"
FREQUENCY_LABEL = _("Daily")
LICENCE = {
    "name": "CC BY 4.0",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}
# The publisher where the deployment does not name one (settings.KARSAZ_OPEN_DATA_PUBLISHER,
# from the KARSAZ_OPEN_DATA_* environment variables): the national SME agency. The contact
# address is a placeholder a deployment sets (KARSAZ_OPEN_DATA_EMAIL).
DEFAULT_PUBLISHER = {
    "name_fa": "سازمان صنایع کوچک و شهرک‌های صنعتی ایران",
    "name_en": "Iran Small Industries and Industrial Parks Organization",
    "url": "https://www.isipo.ir/",
    "email": "opendata@karsaz.example",
}
SPATIAL = "http://publications.europa.eu/resource/authority/country/IRN"


@dataclass(frozen=True)
class Shape:
    slug: str
    dimensions: tuple[str, ...]  # besides the year (and the fact's series, if it has one)
    title: str | Promise  # "{fact} by province and year"
    keywords: tuple[str | Promise, ...]


SHAPES = (
    Shape(
        slug="by-province",
        dimensions=("province",),
        title=_("{fact} by province and year"),
        keywords=(_("province"),),
    ),
    Shape(
        slug="by-size-kind",
        dimensions=("size_class", "kind"),
        title=_("{fact} by size class, enterprise kind and year"),
        keywords=(_("size class"), _("enterprise kind")),
    ),
    Shape(
        slug="by-activity",
        dimensions=("isic_division",),
        title=_("{fact} by economic activity (ISIC division) and year"),
        keywords=(_("economic activity"), "ISIC"),
    ),
)


@dataclass(frozen=True)
class Dataset:
    fact: Fact
    shape: Shape

    @property
    def code(self) -> str:
        return f"{self.fact.code}.{self.shape.slug}"

    @property
    def dimensions(self) -> tuple[str, ...]:
        """The breakdown besides the year, in column order."""
        series = ("series",) if self.fact.series is not None else ()
        return (*self.shape.dimensions, *series)

    @property
    def unit(self) -> str:
        return self.fact.unit

    def title(self) -> str:
        return str(self.shape.title).format(fact=self.fact.label)

    def description(self) -> str:
        measure = (
            _("Each figure is the mean over the records counted.")
            if self.fact.mean
            else _("Each figure is the total over the records counted.")
        )
        time = (
            _("A year's figure is the stock at the year's end.")
            if self.fact.nature == "stock"
            else _("A year's figure is what happened within the Jalali year.")
        )
        privacy = _(
            "Figures behind fewer than {firms} enterprises ({amount} for amounts in rials) are "
            "withheld, and so is a second figure wherever the total would reveal the first."
        ).format(firms=_digits(MIN_FIRMS), amount=_digits(MIN_FIRMS_AMOUNT))
        return " ".join(str(s) for s in (self.fact.definition, measure, time, privacy))

    def keywords(self) -> list[str]:
        return [
            str(k)
            for k in (self.fact.label, _("small and medium enterprises"), *self.shape.keywords)
        ]

    def in_languages(self) -> dict[str, dict[str, Any]]:
        """Title, description and keywords in both languages."""
        found: dict[str, dict[str, Any]] = {}
        for lang in ("fa", "en"):
            with translation.override(lang):
                found[lang] = {
                    "title": self.title(),
                    "description": self.description(),
                    "keywords": self.keywords(),
                }
        return found


def _digits(number: int) -> str:
    return to_persian_digits(str(number)) if page_language() == "fa" else str(number)


def publisher() -> dict[str, str]:
    return {**DEFAULT_PUBLISHER, **getattr(settings, "KARSAZ_OPEN_DATA_PUBLISHER", {})}


def publisher_name() -> str:
    return publisher()["name_fa" if page_language() == "fa" else "name_en"]


def datasets() -> list[Dataset]:
    """Every dataset, fact by fact in the catalog's order: public facts only."""
    return [
        Dataset(fact=fact, shape=shape)
        for fact in catalog.facts().values()
        if fact.public
        for shape in SHAPES
    ]


def dataset(code: str) -> Dataset | None:
    return next((d for d in datasets() if d.code == code), None)

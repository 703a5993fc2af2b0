"""The portal's DCAT-AP 3 catalog as JSON-LD (`/open/catalog.jsonld`).

Each dataset is a dcat:Dataset with its CSV and JSON distributions; titles, descriptions and
keywords carry both languages with @language tags. The vocabularies are the EU Publications
Office's authority tables (frequency, file type, data theme, country, language), as DCAT-AP
asks. Built from the dataset definitions, the cells' coverage and the last refresh: no
programme's rows.
"""

import datetime as dt
from collections.abc import Callable
from typing import Any

from karsaz.insights import months
from karsaz.insights.opendata import tables
from karsaz.insights.opendata.datasets import (
    FREQUENCY,
    LICENCE,
    SPATIAL,
    Dataset,
    datasets,
    publisher,
)

EU = "http://publications.europa.eu/resource/authority"
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "dcatap": "http://data.europa.eu/r5r/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
FORMATS = {
    "csv": (f"{EU}/file-type/CSV", "https://www.iana.org/assignments/media-types/text/csv"),
    "json": (
        f"{EU}/file-type/JSON",
        "https://www.iana.org/assignments/media-types/application/json",
    ),
}
THEME = f"{EU}/data-theme/ECON"
LANGUAGES = [f"{EU}/language/FAS", f"{EU}/language/ENG"]

# (path name, kwargs) -> absolute URL: the view passes request.build_absolute_uri(reverse(...)).
Link = Callable[[str, dict[str, str]], str]


def text(values: dict[str, str]) -> list[dict[str, str]]:
    """One literal per language: [{"@value": ..., "@language": "fa"}, ...]."""
    return [{"@value": value, "@language": lang} for lang, value in values.items()]


def catalog(link: Link, *, title: dict[str, str], description: dict[str, str]) -> dict[str, Any]:
    found = datasets()
    coverage = tables.coverage()
    refreshed = tables.refreshed()
    entries = [
        _dataset(d, link, coverage.get(d.fact.code), refreshed.get(d.fact.code)) for d in found
    ]
    modified = max((r.finished_at for r in refreshed.values()), default=None)
    node: dict[str, Any] = {
        "@context": CONTEXT,
        "@id": link("catalog", {}),
        "@type": "dcat:Catalog",
        "dct:title": text(title),
        "dct:description": text(description),
        "dct:publisher": _publisher(),
        "foaf:homepage": {"@id": link("index", {})},
        "dct:language": [{"@id": lang} for lang in LANGUAGES],
        "dct:license": _licence(),
        "dct:spatial": {"@id": SPATIAL},
        "dcat:themeTaxonomy": {"@id": f"{EU}/data-theme"},
        "dcat:dataset": entries,
    }
    if modified is not None:
        node["dct:modified"] = {"@value": modified.isoformat(), "@type": "xsd:dateTime"}
    return node


def _publisher() -> dict[str, Any]:
    agency = publisher()
    return {
        "@id": agency["url"],
        "@type": "foaf:Agent",
        "foaf:name": text({"fa": agency["name_fa"], "en": agency["name_en"]}),
        "dct:type": {"@id": "http://purl.org/adms/publishertype/NationalAuthority"},
    }


def _licence() -> dict[str, Any]:
    return {
        "@id": LICENCE["url"],
        "@type": "dct:LicenseDocument",
        "dct:title": LICENCE["name"],
        "dct:type": {"@id": "http://purl.org/adms/licencetype/Attribution"},
    }


def _contact() -> dict[str, Any]:
    agency = publisher()
    return {
        "@type": "vcard:Organization",
        "vcard:fn": text({"fa": agency["name_fa"], "en": agency["name_en"]}),
        "vcard:hasEmail": {"@id": f"mailto:{agency['email']}"},
    }


def _dataset(
    dataset: Dataset, link: Link, coverage: tuple[int, int] | None, refreshed: Any
) -> dict[str, Any]:
    both = dataset.in_languages()
    kwargs = {"code": dataset.code}
    node: dict[str, Any] = {
        "@id": link("dataset", kwargs),
        "@type": "dcat:Dataset",
        "dct:identifier": dataset.code,
        "dct:title": text({lang: str(v["title"]) for lang, v in both.items()}),
        "dct:description": text({lang: str(v["description"]) for lang, v in both.items()}),
        "dct:publisher": _publisher(),
        "dct:license": _licence(),
        "dct:accrualPeriodicity": {"@id": f"{EU}/frequency/{FREQUENCY}"},
        "dct:spatial": {"@id": SPATIAL},
        "dcat:keyword": [
            {"@value": k, "@language": lang} for lang, v in both.items() for k in v["keywords"]
        ],
        "dcat:theme": {"@id": THEME},
        "dcat:contactPoint": _contact(),
        "dcat:landingPage": {"@id": link("dataset", kwargs)},
        "dcat:distribution": [_distribution(dataset, link, fmt, both) for fmt in FORMATS],
    }
    if coverage is not None:
        first, last = coverage
        end = months.first_day(months.next_month(last))
        node["dct:temporal"] = {
            "@type": "dct:PeriodOfTime",
            "dcat:startDate": {"@value": months.first_day(first).isoformat(), "@type": "xsd:date"},
            "dcat:endDate": {
                "@value": (end - dt.timedelta(days=1)).isoformat(),
                "@type": "xsd:date",
            },
        }
    if refreshed is not None:
        node["dct:modified"] = {
            "@value": refreshed.finished_at.isoformat(),
            "@type": "xsd:dateTime",
        }
    return node


def _distribution(
    dataset: Dataset, link: Link, fmt: str, both: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    file_type, media_type = FORMATS[fmt]
    url = link("download", {"code": dataset.code, "fmt": fmt})
    return {
        "@id": url,
        "@type": "dcat:Distribution",
        "dct:title": f"{dataset.code}.{fmt}",
        "dct:description": text({lang: f"{fmt.upper()}: {v['title']}" for lang, v in both.items()}),
        "dcat:accessURL": {"@id": url},
        "dcat:downloadURL": {"@id": url},
        "dct:format": {"@id": file_type},
        "dcat:mediaType": {"@id": media_type},
        "dct:license": _licence(),
        "dcatap:availability": {"@id": "http://data.europa.eu/r5r/availability/stable"},
    }

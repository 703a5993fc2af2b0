"""The DCAT-AP 3 catalog: every mandatory and recommended property of the catalogue, its
datasets and their distributions, well-formed JSON-LD, and distributions that download."""

import datetime as dt
import json
from typing import Any

import pytest
from django.utils import timezone

from karsaz.insights.models import Refresh
from karsaz.testing.factories_opendata import cell, fact, use_facts

# DCAT-AP 3.0 (SEMIC), by class: (mandatory, recommended) properties.
CATALOGUE = (
    {"dct:description", "dct:publisher", "dct:title"},
    {"dcat:dataset", "foaf:homepage", "dct:language", "dct:license", "dct:modified",
     "dct:spatial", "dcat:themeTaxonomy"},
)  # fmt: skip
DATASET = (
    {"dct:description", "dct:title"},
    {"dcat:contactPoint", "dcat:distribution", "dcat:keyword", "dct:publisher", "dct:spatial",
     "dct:temporal", "dcat:theme"},
)  # fmt: skip
# What the portal promises beyond DCAT-AP's lists (the "every dataset has").
DATASET_OURS = {"dct:license", "dct:accrualPeriodicity", "dct:modified", "dct:identifier"}
DISTRIBUTION = (
    {"dcat:accessURL"},
    {"dcatap:availability", "dct:description", "dct:format", "dct:license"},
)
DISTRIBUTION_OURS = {"dcat:downloadURL", "dcat:mediaType"}
AGENT = ({"foaf:name"}, {"dct:type"})
PERIOD = (set(), {"dcat:startDate", "dcat:endDate"})
LICENCE = (set(), {"dct:type"})
KEYWORDS = frozenset({"@context", "@id", "@type", "@value", "@language"})

EXPORTS = fact("test.exports", unit="rials", label="Exports")
SECRET = fact("test.bank", public=False)


@pytest.fixture
def catalog(client: Any, monkeypatch: pytest.MonkeyPatch, provinces: Any) -> dict[str, Any]:
    use_facts(monkeypatch, EXPORTS, SECRET)
    cell("test.exports", 140201, "23", firms=9, total=1_000)
    cell("test.exports", 140205, "10", firms=9, total=2_000)
    cell("test.bank", 140205, "10", firms=9)
    finished = timezone.make_aware(dt.datetime(2026, 12, 1, 3, 0))
    Refresh.objects.create(fact="test.exports", started_at=finished, finished_at=finished,
                           full=True, months=5, cells=2)  # fmt: skip
    response = client.get("/open/catalog.jsonld")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    return json.loads(response.content)


def has(node: dict[str, Any], rules: tuple[set[str], set[str]], name: str) -> None:
    mandatory, recommended = rules
    missing = (mandatory | recommended) - set(node)
    assert not missing, f"{name} lacks {sorted(missing)}"
    for key in mandatory | recommended:
        assert node[key] not in (None, "", [], {}), (name, key)


def test_the_catalogue_has_every_mandatory_and_recommended_property(catalog) -> None:
    assert catalog["@type"] == "dcat:Catalog"
    has(catalog, CATALOGUE, "catalogue")
    has(catalog["dct:publisher"], AGENT, "publisher")
    has(catalog["dct:license"], LICENCE, "licence")
    assert catalog["@id"] == "http://testserver/open/catalog.jsonld"
    assert catalog["foaf:homepage"] == {"@id": "http://testserver/open/"}


def test_every_dataset_and_distribution_has_its_properties(catalog) -> None:
    entries = catalog["dcat:dataset"]
    assert [d["dct:identifier"] for d in entries] == [
        "test.exports.by-province", "test.exports.by-size-kind", "test.exports.by-activity",
    ]  # fmt: skip
    for entry in entries:
        name = entry["dct:identifier"]
        assert entry["@type"] == "dcat:Dataset"
        has(entry, DATASET, name)
        assert not DATASET_OURS - set(entry), name
        has(entry["dct:publisher"], AGENT, f"{name} publisher")
        has(entry["dct:temporal"], PERIOD, f"{name} temporal")
        assert entry["dct:temporal"]["dcat:startDate"]["@value"] == "2023-03-21"  # 1402/01/01
        assert entry["dct:temporal"]["dcat:endDate"]["@value"] == "2023-08-22"  # 1402/05/31
        assert entry["dct:accrualPeriodicity"] == {
            "@id": "http://publications.europa.eu/resource/authority/frequency/DAILY"
        }
        # 03:00 in Tehran, in UTC
        assert entry["dct:modified"] == {
            "@value": "2026-11-30T23:30:00+00:00",
            "@type": "xsd:dateTime",
        }
        assert entry["dcat:contactPoint"]["vcard:hasEmail"] == {
            "@id": "mailto:opendata@karsaz.example"
        }
        formats = {}
        for distribution in entry["dcat:distribution"]:
            has(distribution, DISTRIBUTION, f"{name} distribution")
            assert not DISTRIBUTION_OURS - set(distribution)
            formats[distribution["dct:format"]["@id"].rsplit("/", 1)[1]] = distribution
        assert sorted(formats) == ["CSV", "JSON"]
        assert formats["CSV"]["dcat:mediaType"] == {
            "@id": "https://www.iana.org/assignments/media-types/text/csv"
        }


def test_titles_descriptions_and_keywords_carry_both_languages(catalog) -> None:
    for node in [catalog, *catalog["dcat:dataset"]]:
        for key in ("dct:title", "dct:description"):
            assert sorted(v["@language"] for v in node[key]) == ["en", "fa"], key
    first = catalog["dcat:dataset"][0]
    assert {"@value": "Exports by province and year", "@language": "en"} in first["dct:title"]
    assert {"@value": "Exports به تفکیک استان و سال", "@language": "fa"} in first["dct:title"]
    keywords = first["dcat:keyword"]
    assert {"@value": "province", "@language": "en"} in keywords
    assert {"@value": "استان", "@language": "fa"} in keywords


def test_the_json_ld_is_well_formed(catalog) -> None:
    """What a JSON-LD processor needs (rdflib is not installed): every term a compact IRI whose
    prefix the context defines, typed and language-tagged literals well formed, every @id an
    absolute IRI, every date valid."""
    prefixes = catalog["@context"]
    assert all(iri.startswith("http") and iri[-1] in "#/" for iri in prefixes.values())

    def walk(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
            return
        if not isinstance(node, dict):
            assert isinstance(node, str | int), node
            return
        for key, value in node.items():
            if key in KEYWORDS:
                continue
            prefix, _, local = key.partition(":")
            assert prefix in prefixes and local, key
            walk(value)
        if "@type" in node and "@value" not in node:
            assert node["@type"].partition(":")[0] in prefixes, node["@type"]
        if "@id" in node:
            assert node["@id"].startswith(("http://", "https://", "mailto:")), node["@id"]
        if "@value" in node:
            assert set(node) <= {"@value", "@language", "@type"}, node
            assert "@language" not in node or node["@language"] in ("fa", "en")
            if node.get("@type") == "xsd:date":
                dt.date.fromisoformat(node["@value"])
            if node.get("@type") == "xsd:dateTime":
                dt.datetime.fromisoformat(node["@value"])

    walk(catalog)


def test_distributions_download_and_private_facts_stay_out(catalog, client) -> None:
    urls = [d["dcat:downloadURL"]["@id"] for e in catalog["dcat:dataset"]
            for d in e["dcat:distribution"]]  # fmt: skip
    assert len(urls) == 6
    for url in urls:
        response = client.get(url.removeprefix("http://testserver"))
        assert response.status_code == 200, url
        assert response["Content-Type"].split(";")[0] in ("text/csv", "application/json")
    assert "test.bank" not in json.dumps(catalog)


def test_the_deployment_names_its_publisher(client, settings, monkeypatch, provinces) -> None:
    use_facts(monkeypatch, EXPORTS)
    settings.KARSAZ_OPEN_DATA_PUBLISHER = {"name_en": "Qazvin SME office", "email": "data@q.ir"}
    body = json.loads(client.get("/open/catalog.jsonld").content)
    names = body["dct:publisher"]["foaf:name"]
    assert {"@value": "Qazvin SME office", "@language": "en"} in names
    assert {"@value": "سازمان صنایع کوچک و شهرک‌های صنعتی ایران", "@language": "fa"} in names
    contact = body["dcat:dataset"][0]["dcat:contactPoint"]
    assert contact["vcard:hasEmail"] == {"@id": "mailto:data@q.ir"}

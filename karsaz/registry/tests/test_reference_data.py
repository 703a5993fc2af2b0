"""Checks on the reference data shipped in karsaz/registry/data (plain JSON, no Django needed)."""

import json
import re
import string
import unicodedata
from collections import Counter
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
FILES = ("provinces.json", "industrial_parks.json", "isic.json", "demo_vocab.json")
ZWNJ = "\u200c"
# Letters that never join the next letter: a ZWNJ after them is redundant.
NON_JOINING = set("اآأإدذرزژوؤ")
ENTERPRISE_KINDS = {
    "sme",
    "knowledge_based",
    "university",
    "anchor_buyer",
    "financier",
    "consultancy",
    "other",
}
# The 88 two-digit divisions of ISIC Rev.4, by section.
ISIC_DIVISIONS = {
    "A": "01 02 03",
    "B": "05 06 07 08 09",
    "C": "10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33",
    "D": "35",
    "E": "36 37 38 39",
    "F": "41 42 43",
    "G": "45 46 47",
    "H": "49 50 51 52 53",
    "I": "55 56",
    "J": "58 59 60 61 62 63",
    "K": "64 65 66",
    "L": "68",
    "M": "69 70 71 72 73 74 75",
    "N": "77 78 79 80 81 82",
    "O": "84",
    "P": "85",
    "Q": "86 87 88",
    "R": "90 91 92 93",
    "S": "94 95 96",
    "T": "97 98",
    "U": "99",
}


@cache
def load(name: str) -> Any:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def persian_strings() -> Iterator[str]:
    for name in FILES:
        for text in strings(load(name)):
            if any("\u0600" <= ch <= "\u06ff" for ch in text):
                yield text


def provinces() -> list[dict[str, Any]]:
    return load("provinces.json")


def parks() -> list[dict[str, Any]]:
    return load("industrial_parks.json")


def isic() -> list[dict[str, Any]]:
    return load("isic.json")


def vocab() -> dict[str, Any]:
    return load("demo_vocab.json")


def duplicates(values: list[Any]) -> list[Any]:
    return [value for value, count in Counter(values).items() if count > 1]


# --- files and orthography ---------------------------------------------------------------


@pytest.mark.parametrize("name", FILES)
def test_file_is_pretty_utf8_json(name: str) -> None:
    raw = (DATA_DIR / name).read_text(encoding="utf-8")
    assert raw == json.dumps(json.loads(raw), ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize("name", FILES)
def test_no_arabic_yeh_or_kaf(name: str) -> None:
    raw = (DATA_DIR / name).read_text(encoding="utf-8")
    for char in ("\u064a", "\u0643", "\u0649"):  # ي ك ى
        assert char not in raw, f"{name} contains {unicodedata.name(char)}"


@pytest.mark.parametrize("name", FILES)
def test_no_double_or_stray_spaces(name: str) -> None:
    bad = [s for s in strings(load(name)) if "  " in s or s != s.strip()]
    assert not bad, bad[:5]


def test_persian_has_no_diacritics_or_kashida() -> None:
    bad = [
        s
        for s in persian_strings()
        if "\u0640" in s or any(unicodedata.category(ch) == "Mn" for ch in s)
    ]
    assert not bad, bad[:5]


def test_zwnj_sits_between_letters_after_a_joining_letter() -> None:
    bad = []
    for text in persian_strings():
        for i, char in enumerate(text):
            if char != ZWNJ:
                continue
            before = text[i - 1] if i else ""
            after = text[i + 1] if i + 1 < len(text) else ""
            if (
                not before.isalpha()
                or not after.isalpha()
                or before in NON_JOINING
                or after == ZWNJ
            ):
                bad.append(text)
    assert not bad, bad[:5]


def test_plural_and_suffixes_are_attached() -> None:
    detached = re.compile(r"(^| )(ها|های|هایی|ای|تر|ترین)( |$)")
    bad = [s for s in persian_strings() if detached.search(s)]
    assert not bad, bad[:5]


def test_compound_names_use_zwnj() -> None:
    names = {p["name_fa"] for p in parks()}
    assert "شهرک صنعتی عباس\u200cآباد" in names
    assert "شهرک صنعتی مورچه\u200cخورت" in names


# --- provinces -------------------------------------------------------------------------


def test_thirty_one_provinces_with_statistical_centre_codes() -> None:
    codes = [p["code"] for p in provinces()]
    assert len(codes) == 31
    assert codes == sorted(codes)
    assert set(codes) == {f"{n:02d}" for n in range(31)}


@pytest.mark.parametrize(
    ("code", "slug", "name_fa", "capital_fa"),
    [
        ("00", "markazi", "مرکزی", "اراک"),
        ("03", "east-azerbaijan", "آذربایجان شرقی", "تبریز"),
        ("09", "razavi-khorasan", "خراسان رضوی", "مشهد"),
        ("10", "isfahan", "اصفهان", "اصفهان"),
        ("23", "tehran", "تهران", "تهران"),
        ("26", "qazvin", "قزوین", "قزوین"),
        ("29", "south-khorasan", "خراسان جنوبی", "بیرجند"),
        ("30", "alborz", "البرز", "کرج"),
    ],
)
def test_pinned_provinces(code: str, slug: str, name_fa: str, capital_fa: str) -> None:
    province = next(p for p in provinces() if p["code"] == code)
    assert (province["slug"], province["name_fa"]) == (slug, name_fa)
    assert province["cities"][0]["name_fa"] == capital_fa


def test_province_names_and_slugs_are_unique() -> None:
    for field in ("slug", "name_fa", "name_en"):
        assert not duplicates([p[field] for p in provinces()]), field
    for p in provinces():
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", p["slug"])


def test_every_province_has_four_to_eight_unique_cities() -> None:
    for p in provinces():
        cities = p["cities"]
        assert 4 <= len(cities) <= 8, p["code"]
        assert all(set(c) == {"name_fa", "name_en"} for c in cities)
        assert not duplicates([c["name_fa"] for c in cities]), p["code"]
        assert not duplicates([c["name_en"] for c in cities]), p["code"]
        assert all(len(c["name_fa"]) <= 64 and len(c["name_en"]) <= 64 for c in cities)


# --- industrial parks ------------------------------------------------------------------


def test_every_province_has_three_to_seven_parks() -> None:
    per_province = Counter(park["province"] for park in parks())
    assert set(per_province) == {p["code"] for p in provinces()}
    assert all(3 <= n <= 7 for n in per_province.values()), per_province


def test_parks_are_well_formed() -> None:
    for park in parks():
        assert set(park) == {"province", "name_fa", "name_en", "city_en", "kind"}
        assert park["kind"] in {"park", "zone", "tech_park"}
        assert len(park["name_fa"]) <= 128 and len(park["name_en"]) <= 128
        assert park["city_en"] and len(park["city_en"]) <= 64
    assert {park["kind"] for park in parks()} == {"park", "zone", "tech_park"}


def test_park_city_is_one_of_its_provinces_cities() -> None:
    cities = {p["code"]: {c["name_en"] for c in p["cities"]} for p in provinces()}
    bad = [park["name_en"] for park in parks() if park["city_en"] not in cities[park["province"]]]
    assert not bad, bad


def test_park_names_unique_within_province() -> None:
    for field in ("name_fa", "name_en"):
        keys = [(park["province"], park[field]) for park in parks()]
        assert not duplicates(keys), field


def test_parks_are_sorted() -> None:
    keys = [(park["province"], park["name_en"]) for park in parks()]
    assert keys == sorted(keys)


# --- ISIC Rev.4 ------------------------------------------------------------------------


def by_level(level: str) -> list[dict[str, Any]]:
    return [row for row in isic() if row["level"] == level]


def test_isic_rows_are_well_formed() -> None:
    for row in isic():
        assert set(row) == {"code", "level", "parent", "title_en", "title_fa"}
        assert row["title_en"] and row["title_fa"], row["code"]
        assert len(row["title_en"]) <= 255 and len(row["title_fa"]) <= 255
    assert not duplicates([row["code"] for row in isic()])


def test_isic_has_21_sections() -> None:
    sections = by_level("section")
    assert [s["code"] for s in sections] == list(string.ascii_uppercase[:21])
    assert all(s["parent"] is None for s in sections)


def test_isic_has_the_88_divisions_under_their_sections() -> None:
    divisions = by_level("division")
    assert len(divisions) == 88
    expected = {code: sec for sec, codes in ISIC_DIVISIONS.items() for code in codes.split()}
    assert {d["code"]: d["parent"] for d in divisions} == expected


@pytest.mark.parametrize(
    ("division", "section"),
    [
        ("01", "A"),
        ("06", "B"),
        ("10", "C"),
        ("29", "C"),
        ("33", "C"),
        ("35", "D"),
        ("62", "J"),
        ("64", "K"),
        ("72", "M"),
        ("85", "P"),
        ("98", "T"),
        ("99", "U"),
    ],
)
def test_pinned_division_parents(division: str, section: str) -> None:
    row = next(r for r in isic() if r["code"] == division)
    assert (row["level"], row["parent"]) == ("division", section)


@pytest.mark.parametrize(
    ("code", "title_en"),
    [
        ("C", "Manufacturing"),
        ("10", "Manufacture of food products"),
        ("62", "Computer programming, consultancy and related activities"),
        ("1050", "Manufacture of dairy products"),
        ("2410", "Manufacture of basic iron and steel"),
        ("2930", "Manufacture of parts and accessories for motor vehicles"),
        ("3320", "Installation of industrial machinery and equipment"),
    ],
)
def test_pinned_isic_titles(code: str, title_en: str) -> None:
    assert next(r for r in isic() if r["code"] == code)["title_en"] == title_en


def test_isic_classes_cover_manufacturing_only() -> None:
    classes = by_level("class")
    assert len(classes) == 137
    for row in classes:
        assert re.fullmatch(r"\d{4}", row["code"])
        assert row["parent"] == row["code"][:2]
        assert 10 <= int(row["parent"]) <= 33
    assert {row["parent"] for row in classes} == {f"{n}" for n in range(10, 34)}


def test_isic_is_sorted_parents_first() -> None:
    seen: set[str] = set()
    for row in isic():
        assert row["parent"] is None or row["parent"] in seen, row["code"]
        seen.add(row["code"])


# --- demo vocabulary -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "minimum", "fields"),
    [
        ("first_names", 80, {"fa", "en", "gender"}),
        ("last_names", 120, {"fa", "en"}),
        ("company_stems", 150, {"fa", "en", "isic_division"}),
        ("company_patterns", 7, {"kind", "fa", "en"}),
        ("brands", 120, {"fa", "en"}),
        ("universities", 30, {"fa", "en", "province"}),
        ("banks_and_financiers", 20, {"fa", "en"}),
        ("anchor_buyers", 25, {"fa", "en", "isic_division"}),
        ("streets", 40, {"fa", "en"}),
    ],
)
def test_vocab_counts_fields_and_uniqueness(key: str, minimum: int, fields: set[str]) -> None:
    rows = vocab()[key]
    assert len(rows) >= minimum
    assert all(set(row) == fields for row in rows)
    for field in ("fa", "en"):
        assert not duplicates([row[field] for row in rows]), (key, field)
    assert all(row["en"].isascii() for row in rows)


def test_vocab_has_no_other_keys() -> None:
    assert set(vocab()) == {
        "first_names",
        "last_names",
        "company_stems",
        "company_patterns",
        "brands",
        "universities",
        "banks_and_financiers",
        "anchor_buyers",
        "streets",
    }


def test_first_names_cover_both_genders() -> None:
    genders = Counter(row["gender"] for row in vocab()["first_names"])
    assert set(genders) == {"male", "female"}
    assert min(genders.values()) >= 30


def test_vocab_divisions_and_provinces_exist() -> None:
    divisions = {row["code"] for row in by_level("division")}
    for key in ("company_stems", "anchor_buyers"):
        assert {row["isic_division"] for row in vocab()[key]} <= divisions, key
    assert {row["province"] for row in vocab()["universities"]} <= {p["code"] for p in provinces()}


def test_company_stems_span_industries() -> None:
    divisions = Counter(row["isic_division"] for row in vocab()["company_stems"])
    for division in ("10", "13", "20", "21", "22", "23", "24", "25", "26", "27", "28", "29", "62"):
        assert divisions[division] >= 2, division


def test_company_patterns_cover_every_kind_and_format() -> None:
    patterns = vocab()["company_patterns"]
    assert {p["kind"] for p in patterns} == ENTERPRISE_KINDS
    stem, brand = vocab()["company_stems"][0], vocab()["brands"][0]
    for pattern in patterns:
        fields = {name for _, name, _, _ in string.Formatter().parse(pattern["fa"]) if name}
        assert fields <= {"stem", "brand"} and "brand" in fields, pattern
        assert fields == {
            name for _, name, _, _ in string.Formatter().parse(pattern["en"]) if name
        }, pattern
        for lang in ("fa", "en"):
            text = pattern[lang].format(stem=stem[lang], brand=brand[lang])
            assert "{" not in text and "  " not in text

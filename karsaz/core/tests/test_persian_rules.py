"""Exact outputs of the Persian normalizer, one case per rule and per edge of a rule.

Written to kill the mutants of ``karsaz/core/persian.py`` that the older tests let live
(docs/mutation.md): each case pins where a rule starts and stops, through the public API only.
"""

import pytest

from karsaz.core.persian import is_persian, normalize, search_key

Z = "\u200c"

# Every code point the character table rewrites, framed by letters: «سب» + char + «م».
FOLDED = {
    "ی": "\u064a\u0649\u06cd\u06ce\u06d0\u063d\u063e\u063f",
    "ک": "\u0643\u06aa\u063b\u063c",
    "ه": "\u06d5\u06c0\u06c1\u06c2\u06be",
    "ا": "\u0671",
    "ة": "\u06c3",
}
PUNCTUATION = {"\u06d4": ".", "\u2e41": "،", "\u204f": "؛", "\u2e2e": "؟"}
NEWLINES = "\r\x85\u2028\u2029"
JOINERS = (
    "\u200b\u00ad\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062"
    "\u2063\u2064\u2066\u2067\u2068\u2069\ufeff\u180e"
)
DELETED = [
    *range(0x0610, 0x061B),
    *range(0x064B, 0x0660),
    0x0670,
    *range(0x06D6, 0x06DD),
    *range(0x06DF, 0x06E5),
    0x06E7,
    0x06E8,
    *range(0x06EA, 0x06EE),
    *range(0x08D3, 0x08E2),
    *range(0x08E3, 0x0900),
    0x0640,
    0x200D,
    0x034F,
]
# Neighbours of the deleted ranges, kept as they are.
KEPT = [0x060F, 0x06DD, 0x06DE, 0x06E5, 0x06E6, 0x06E9, 0x06EE, 0x08E2, 0x0900]


@pytest.mark.parametrize(
    ("char", "expected"),
    [(c, t) for t, sources in FOLDED.items() for c in sources]
    + [(c, f"{t} ") for c, t in PUNCTUATION.items()]
    + [(c, "\n") for c in NEWLINES]
    + [(c, Z) for c in JOINERS],
)
def test_each_variant_character_becomes_its_persian_form(char: str, expected: str) -> None:
    assert normalize(f"سب{char}م") == f"سب{expected}م"


@pytest.mark.parametrize("code", DELETED)
def test_marks_kashida_and_joiners_are_deleted(code: int) -> None:
    assert normalize(f"سب{chr(code)}م") == "سبم"


@pytest.mark.parametrize("code", KEPT)
def test_characters_next_to_the_deleted_ranges_stay(code: int) -> None:
    assert normalize(f"سب{chr(code)}م") == f"سب{chr(code)}م"


def test_digits_and_latin_letters_in_persian_text() -> None:
    assert normalize("سب٠١٢٣٤٥٦٧٨٩م۰۱۲۳۴۵۶۷۸۹") == "سب0123456789م0123456789"
    assert normalize("بXب") == "بXب"


def test_carriage_returns_in_ascii_text_are_line_breaks() -> None:
    assert normalize("a\rb") == "a\nb"
    assert normalize("a\r\nb") == "a\nb"


def test_isolated_harakat_presentation_forms_leave_no_space() -> None:
    assert normalize("ب\ufe70ب") == "بب"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # می/نمی + a stem typed without its madda.
        ("میامد", f"می{Z}امد"),
        ("میاید", f"می{Z}اید"),
        ("نمیاید", f"نمی{Z}اید"),
        ("می گذرد", f"می{Z}گذرد"),
        # Plurals: a ZWNJ after a joining letter only, two letters at least before «ها».
        ("کتابها", f"کتاب{Z}ها"),
        ("کتاب ها", f"کتاب{Z}ها"),
        ("کتابهایی", f"کتاب{Z}هایی"),
        ("کشورها", "کشورها"),
        ("کشور ها", "کشورها"),
        ("گلها", f"گل{Z}ها"),
        ("گل ها", f"گل{Z}ها"),
        ("تنهایی", "تنهایی"),
        ("هزارتکهای", f"هزارتک{Z}های"),
        # Silent «ه» + suffix; three-letter words count.
        ("عدهای", f"عده{Z}ای"),
        ("منطقه ای", f"منطقه{Z}ای"),
        ("داده اند", f"داده{Z}اند"),
        ("مدرسهمان", f"مدرسه{Z}مان"),
        ("نرفتهای", f"نرفته{Z}ای"),
        ("نرفته اند", f"نرفته{Z}اند"),
        # Not a silent «ه», or no suffix: untouched.
        ("کتابی", "کتابی"),
        ("کوهی", "کوهی"),
        ("نگاهی", "نگاهی"),
        ("کوهای", "کوهای"),
        ("غیرکوهای", "غیرکوهای"),
        ("خانهرو", "خانهرو"),
        ("همهچیز", "همهچیز"),
        ("پرتودهی", "پرتودهی"),
        ("کتابدار", "کتابدار"),
        # Compounds: only «ای» trusts a head or a prefix.
        ("تولیدکنندهای", f"تولیدکننده{Z}ای"),
        ("تولیدکننده ای", f"تولیدکننده{Z}ای"),
        ("تولیدکنندهام", "تولیدکنندهام"),
        ("بینرشتهای", f"بینرشته{Z}ای"),
        ("یکهفتهای", f"یکهفته{Z}ای"),
        ("سیصدهفتهای", f"سیصدهفته{Z}ای"),
        ("چندرسانهای", f"چندرسانه{Z}ای"),
        ("بیسابقهای", f"بیسابقه{Z}ای"),
        ("بینرشتهایی", "بینرشتهایی"),
        # Ambiguous readings are left alone.
        ("نامهای", "نامهای"),
        ("خانهایی", "خانهایی"),
        # Tails after a silent «ه».
        ("پروژهمحور", f"پروژه{Z}محور"),
        ("شبکهسازی", f"شبکه{Z}سازی"),
        # Comparatives of listed adjectives only.
        ("بزرگتر", f"بزرگ{Z}تر"),
        ("بزرگترین", f"بزرگ{Z}ترین"),
        ("بزرگ ترین", f"بزرگ{Z}ترین"),
        ("بیشتر", "بیشتر"),
        ("دفتر", "دفتر"),
        # Whole words kept.
        ("نیمهنهایی", "نیمهنهایی"),
        ("درنهایت", "درنهایت"),
    ],
)
def test_zwnj_repair(text: str, expected: str) -> None:
    assert normalize(text) == expected


def test_search_key_folds_until_it_settles() -> None:
    # «ة» folds to «ه», which hands the repair «دایره ای»; the key then folds the ZWNJ away.
    assert normalize("دایرة ای") == "دایرة ای"
    assert search_key("دایرة ای") == "دایرهای"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("ب", True), ("ab بپ", False), ("abc بپ", False), ("ab بپت", True), ("123", False)],
)
def test_is_persian_needs_more_than_half_of_the_letters(text: str, expected: bool) -> None:
    assert is_persian(text) is expected

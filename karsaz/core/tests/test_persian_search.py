"""Tests for karsaz.core.persian: search keys, tokens, digits, and properties over generated
text. (Speed is measured in bench/normalize.py, not here.)"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from karsaz.core.persian import (
    is_persian,
    normalize,
    search_key,
    to_latin_digits,
    to_persian_digits,
    tokens,
)

Z = "\u200c"  # ZWNJ


def z(text: str) -> str:
    """Write expected strings with «|» where a ZWNJ goes."""
    return text.replace("|", Z)


# --- search_key and tokens ---------------------------------------------------------------------


def test_search_key_example_from_the_brief() -> None:
    assert search_key(z("شرکت توسعه|ای ۱۲۳")) == search_key("شركت توسعهاي 123")
    assert search_key("شركت توسعهاي 123") == "شرکت توسعهای 123"


@pytest.mark.parametrize(
    "variants",
    [
        ("می|گذرد", "میگذرد", "می گذرد", "مي‌گذرد"),
        ("کتاب|ها", "کتابها", "کتاب ها", "كتابها"),
        ("آب", "اب"),
        ("مسأله", "مساله"),
        ("مؤسسه", "موسسه"),
        ("رئیس", "رییس", "رئيس"),
        ("دایرة", "دایره"),
        ("شیء", "شی"),
        ("Karsaz", "KARSAZ", "karsaz"),
        ("۱۴۰۲", "1402", "١٤٠٢"),
    ],
)
def test_search_key_folds_spelling_variants(variants: tuple[str, ...]) -> None:
    keys = {search_key(z(variant)) for variant in variants}
    assert len(keys) == 1, keys


def test_search_key_values() -> None:
    assert search_key(None) == ""
    assert search_key("  سطر\nدوم  ") == "سطر دوم"
    assert search_key("آرمان أحمد إيران") == "ارمان احمد ایران"
    assert search_key(z("می|گذرد")) == "میگذرد"


def test_tokens() -> None:
    assert tokens("شركت «توسعه‌ای»، ۱۲۳-ABC!") == ["شرکت", "توسعهای", "123", "abc"]
    assert tokens(None) == []
    assert tokens("  ؟! ") == []
    assert tokens("نام_کاربر") == ["نام", "کاربر"]


# --- digits and is_persian ----------------------------------------------------------------------


def test_to_persian_digits() -> None:
    assert to_persian_digits("Tel 021-1234 و ٤٥") == "Tel ۰۲۱-۱۲۳۴ و ۴۵"
    assert to_persian_digits(2024) == "۲۰۲۴"
    assert to_persian_digits(3.5) == "۳.۵"  # separators untouched
    assert to_persian_digits(None) == ""


def test_to_latin_digits() -> None:
    assert to_latin_digits("۰۹۱۲-٣٤٥ abc") == "0912-345 abc"
    assert to_latin_digits("۱٬۲۳۴٫۵") == "1٬234٫5"  # separators untouched
    assert to_latin_digits(None) == ""
    assert to_latin_digits(7) == "7"


def test_is_persian() -> None:
    assert is_persian("شرکت کارساز")
    assert is_persian("شرکت Karsaz ایران")
    assert not is_persian("Karsaz Co. ایران")
    assert not is_persian("12345")
    assert not is_persian("")
    assert not is_persian(None)


# --- properties --------------------------------------------------------------------------------

PIECES = (
    list("ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیآأإؤئءةيكىۀ")
    + list("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩0123456789")
    + ["می", "نمی", "ها", "های", "هایی", "ای", "ه", "تر", "ترین", "اند", "ی", "ام", "توسعه", "رفته"]
    + [Z, "\u200d", "\u200f", "\u00ad", " ", "  ", "\u00a0", "\n", "\t"]
    + list("،؛؟.:!()«»?,-ـًٌٍَُِّْٰٔ")
    + ["ab", "C", "é"]
)
PERSIAN_MIX = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)


@settings(max_examples=600, deadline=None)
@given(PERSIAN_MIX)
def test_normalize_is_idempotent_on_persian_mixes(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_normalize_never_raises_and_is_idempotent_on_any_text(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once
    assert once == once.strip()


@settings(max_examples=300, deadline=None)
@given(PERSIAN_MIX)
def test_normalize_invariants(text: str) -> None:
    out = normalize(text)
    assert "  " not in out and "ـ" not in out
    assert not any(char in out for char in "يكى\u200d\u200f\u00ad۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩")
    for i, char in enumerate(out):
        if char == Z:  # a ZWNJ only ever sits between two letters, after a joining one
            assert 0 < i < len(out) - 1
            assert out[i - 1].isalpha() and out[i + 1].isalpha()
            assert out[i - 1] not in "اآأإدذرزژوؤةء"


@settings(max_examples=300, deadline=None)
@given(PERSIAN_MIX)
def test_search_key_properties(text: str) -> None:
    key = search_key(text)
    assert Z not in key and "\n" not in key
    assert search_key(key) == key
    assert search_key(text.replace("ی", "ي").replace("ک", "ك")) == key
    found = tokens(text)
    assert all(token.isalnum() for token in found)
    assert "".join(found) == "".join(char for char in key if char.isalnum())


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_digit_round_trip(number: int) -> None:
    persian = to_persian_digits(number)
    assert not any("0" <= char <= "9" for char in persian)
    assert to_latin_digits(persian) == str(number)

"""Tests for karsaz.core.persian: characters, invisible marks, whitespace and punctuation
(pure Python: no database, no Django). ZWNJ repair: test_persian_zwnj.py; search keys, digits and
properties: test_persian_search.py."""

import pytest

from karsaz.core.persian import (
    normalize,
)

Z = "\u200c"  # ZWNJ


def z(text: str) -> str:
    """Write expected strings with «|» where a ZWNJ goes."""
    return text.replace("|", Z)


# --- characters ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("علي", "علی"),
        ("كتاب", "کتاب"),
        ("موسى", "موسی"),
        ("شركت كوچك", "شرکت کوچک"),
        ("خانۀ من", "خانه من"),  # ۀ folds to ه (documented)
        ("خانهٔ من", "خانه من"),  # so does ه + hamza above
        ("شئ", "شی"),  # ئ ending a word is a misspelt ی
        ("مسئله رئیس", "مسئله رئیس"),  # inside a word it stays
        ("یٔ", "ئ"),  # Persian yeh + hamza above is «ئ»; alone it is not a word ending
        ("دایرة المعارف", "دایرة المعارف"),  # ة is kept; search_key folds it
        ("ٱلله", "الله"),
        ("ﷲ", "الله"),
        ("ﻛﺘﺎﺏ ﻓﺎﺭﺳﻰ", "کتاب فارسی"),  # presentation forms from a PDF
    ],
)
def test_letters(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_digits_become_ascii() -> None:
    assert normalize("۰۱۲۳۴۵۶۷۸۹ ٠١٢٣٤٥٦٧٨٩ 0123456789") == "0123456789 0123456789 0123456789"
    assert normalize("کد ۱۲۳٤") == "کد 1234"


def test_separators_are_not_digits() -> None:
    assert normalize("۳٫۵ و ۱٬۰۰۰") == "3٫5 و 1٬000"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("مُحَمَّد", "محمد"),
        ("کِتابٌ", "کتاب"),
        ("عیسیٰ", "عیسی"),
        ("سـلــام", "سلام"),
        ("ﹰسلام", "سلام"),  # an isolated tanwin form
        ("إِنَّ", "إن"),
    ],
)
def test_diacritics_and_kashida_are_removed(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_hamza_carriers_survive_diacritic_removal() -> None:
    assert normalize("ا\u0654") == "أ"
    assert normalize("و\u0654") == "ؤ"
    assert normalize("آب") == "آب"


def test_latin_accents_stay_composed() -> None:
    assert normalize("Cafe\u0301") == "Café"
    assert normalize("Cafe\u200d\u0301") == "Café"  # a ZWJ between letter and accent


# --- invisible characters ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "mark",
    ["\u200c", "\u200b", "\u00ad", "\u200e", "\u200f", "\u061c", "\ufeff", "\u202b", "\u2066"],
)
def test_invisible_marks_between_letters_become_one_zwnj(mark: str) -> None:
    assert normalize(f"می{mark}خواهم") == z("می|خواهم")
    assert normalize(f"کتاب{mark}{mark}ها") == z("کتاب|ها")


def test_zwj_is_dropped_not_converted() -> None:
    assert normalize("می\u200dخواهم") == z("می|خواهم")  # dropped; the verb rule puts the ZWNJ
    assert normalize("نام\u200dآوران") == "نامآوران"


def test_zwnj_outside_letters_is_dropped() -> None:
    assert normalize(f"{Z}سلام{Z}") == "سلام"
    assert normalize(f"سلام{Z} دنیا") == "سلام دنیا"
    assert normalize(f"سلام {Z}دنیا") == "سلام دنیا"
    assert normalize(f"abc{Z}def") == "abcdef"
    assert normalize(f"کتاب{Z}123") == "کتاب123"
    assert normalize("\u200f(سلام)\u200e") == "(سلام)"


def test_zwnj_after_non_joining_letters_is_dropped() -> None:
    # Invisible there; the project writes «کشورها», «دانشجوها».
    assert normalize(f"کشور{Z}ها") == "کشورها"
    assert normalize(f"دانشجو{Z}ها") == "دانشجوها"
    assert normalize(f"آزاد{Z}سازی") == "آزادسازی"
    assert normalize(f"عباس{Z}آباد") == z("عباس|آباد")  # after a joining letter it stays


# --- whitespace ----------------------------------------------------------------------------------


def test_spaces_collapse_and_strip() -> None:
    assert normalize("  شرکت\u00a0\u00a0 کارساز\t\u2009 ایران \u3000") == "شرکت کارساز ایران"
    assert normalize("a\u202fb\u2007c") == "a b c"


def test_line_breaks_are_kept_and_blank_runs_collapsed() -> None:
    assert normalize("سطر اول  \r\n  سطر دوم\r\rسوم") == "سطر اول\nسطر دوم\n\nسوم"
    assert normalize("\n\nبند یک\n\n\n\nبند دو \n") == "بند یک\n\nبند دو"
    assert normalize("one\u2028two") == "one\ntwo"


def test_none_empty_and_non_strings() -> None:
    assert normalize(None) == ""
    assert normalize("") == ""
    assert normalize(" \u200c\u200f ") == ""
    assert normalize(123) == "123"  # type: ignore[arg-type]


def test_huge_and_degenerate_input() -> None:
    assert normalize("کتاب" + "ها" * 5000) == "کتاب" + "ها" * 5000  # no recursion blow-up
    assert normalize(Z * 10_000 + "ب") == "ب"
    assert normalize("می " * 20_000) == " ".join(["می"] * 20_000)


def test_ascii_text_only_gets_space_tidying() -> None:
    assert normalize("  Karsaz  .NET  v2.1  ") == "Karsaz .NET v2.1"
    assert normalize("a ( b ) , c !") == "a ( b ) , c !"


# --- punctuation ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("سلام ، خوبی ؟", "سلام، خوبی؟"),
        ("اول ؛ دوم", "اول؛ دوم"),
        ("سلام،خوبی؟بله", "سلام، خوبی؟ بله"),
        ("گفت :سلام", "گفت: سلام"),
        ("گفت:سلام", "گفت: سلام"),
        ("پایان .", "پایان."),
        ("پایان.آغاز", "پایان. آغاز"),
        ("عالی !", "عالی!"),
        ("( متن )", "(متن)"),
        ("(متن)بعدی", "(متن) بعدی"),
        ("« سلام »", "«سلام»"),
        ("«سلام»گفت", "«سلام» گفت"),
        ("ساعت ۱۰:۳۰", "ساعت 10:30"),
        ("عدد ۳.۱۴", "عدد 3.14"),
        ("۱،۲،۳", "1،2،3"),
        ("سال ۱۴۰۲ ه.ش", "سال 1402 ه.ش"),  # an abbreviation keeps its dot
        ("سایت karsaz.ir", "سایت karsaz.ir"),
        ("فناوری .NET", "فناوری .NET"),
        ("این ?", "این ?"),  # Latin «?» is left alone
        ("اول⹁ دوم⁏ سوم⸮", "اول، دوم؛ سوم؟"),  # reversed-comma variants
        ("پایان۔", "پایان."),
    ],
)
def test_punctuation_spacing(raw: str, expected: str) -> None:
    assert normalize(raw) == expected

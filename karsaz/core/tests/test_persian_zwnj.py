"""Tests for karsaz.core.persian: the ZWNJ repair (می/نمی, silent «ه» + suffix, plurals,
comparatives) and the seed article."""

from pathlib import Path

import pytest

from karsaz.core.persian import (
    normalize,
    to_latin_digits,
)

Z = "\u200c"  # ZWNJ
# The sentences of the ILNA Qazvin report (the article Karsaz is built from) that the article
# tests below need, kept in the repository so that they run on every machine, not only in CI.
ARTICLE = Path(__file__).resolve().parent / "data" / "article-fa.txt"


def z(text: str) -> str:
    """Write expected strings with «|» where a ZWNJ goes."""
    return text.replace("|", Z)


# --- ZWNJ repair: می / نمی ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("میگذرد", "می|گذرد"),
        ("نمیشود", "نمی|شود"),
        ("می گذرد", "می|گذرد"),
        ("نمی دانم", "نمی|دانم"),
        ("میکند", "می|کند"),
        ("میکنند", "می|کنند"),
        ("میافتد", "می|افتد"),
        ("میآید", "می|آید"),
        ("میاید", "می|اید"),  # madda not typed
        ("میخواهم", "می|خواهم"),
        ("میتوانستم", "می|توانستم"),
        ("میتوان", "می|توان"),
        ("می توان", "می|توان"),
        ("میباشد", "می|باشد"),
        ("میرفت", "می|رفت"),
        ("میرفتهاند", "می|رفته|اند"),
        ("میخواهمش", "می|خواهمش"),
        ("نمیخوابانند", "نمی|خوابانند"),
        ("می رفته اند", "می|رفته|اند"),
        ("حرکت می کند.", "حرکت می|کند."),
    ],
)
def test_mi_prefix_is_joined(raw: str, expected: str) -> None:
    assert normalize(raw) == z(expected)


@pytest.mark.parametrize(
    "noun",
    [
        "میز",
        "میزان",
        "میوه",
        "میلیون",
        "میلیارد",
        "میانگین",
        "میدان",
        "میدانی",
        "میراث",
        "میهن",
        "میکروب",
        "مینا",
        "میل",
        "میلاد",
        "میان",
        "میانه",
        "میخ",
        "میش",
        "میترا",
        "میگو",
        "میمون",
        "میثم",
        "میزبان",
        "میهمان",
        "میکده",
        "میرزا",
        "نمیر",
    ],
)
def test_nouns_starting_with_mi_are_never_split(noun: str) -> None:
    assert normalize(noun) == noun
    assert normalize(f"{noun}ها") in {f"{noun}ها", z(f"{noun}|ها")}


def test_spaced_mi_before_a_noun_stays_spaced() -> None:
    assert normalize("می ناب") == "می ناب"
    assert normalize("نمی از باران") == "نمی از باران"
    assert normalize("می میز") == "می میز"


# --- ZWNJ repair: silent «ه» + suffix ------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("توسعهای", "توسعه|ای"),
        ("منطقهای", "منطقه|ای"),
        ("عمدهای", "عمده|ای"),
        ("حرفه ای", "حرفه|ای"),  # spaced
        ("منطقه ای", "منطقه|ای"),
        ("خانهام", "خانه|ام"),
        ("خانهات", "خانه|ات"),
        ("خانهاش", "خانه|اش"),
        ("خانهمان", "خانه|مان"),
        ("خانهی من", "خانه|ی من"),
        ("خانه ی من", "خانه|ی من"),
        ("رفتهاند", "رفته|اند"),
        ("داده اند", "داده|اند"),
        ("نرفتهاند", "نرفته|اند"),
        ("کردهایم", "کرده|ایم"),
        ("تولیدکنندهای", "تولیدکننده|ای"),
        ("نمایندهای", "نماینده|ای"),
        ("بینرشتهای", "بینرشته|ای"),
        ("چندرسانهای", "چندرسانه|ای"),
        ("یکهفتهای", "یکهفته|ای"),
        ("پیادهسازی", "پیاده|سازی"),
        ("علاقهمند", "علاقه|مند"),
        ("سرمایهگذاری", "سرمایه|گذاری"),
        ("عمدهفروشی", "عمده|فروشی"),
        ("همهشان", "همه|شان"),
    ],
)
def test_suffix_after_silent_heh(raw: str, expected: str) -> None:
    assert normalize(raw) == z(expected)


@pytest.mark.parametrize(
    "word",
    [
        "سهام",  # not سه + ام
        "الهام",
        "ابهام",
        "اتهام",
        "جهات",
        "شبهات",
        "اشتباهات",
        "توجهات",
        "آگهی",  # not آگه + ی
        "گاهی",
        "راهی",
        "ماهی",
        "دانشگاهی",
        "پرتودهی",  # پرتو + دهی, not پرتوده + ی
        "گزارشدهی",
        "نامهربان",  # نا + مهربان, not نامه + ربان
        "خواهند",
        "دهند",
        "کوتاهی",
    ],
)
def test_words_with_an_inner_heh_are_left_alone(word: str) -> None:
    assert normalize(word) == word


# --- ZWNJ repair: plural ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("کتابها", "کتاب|ها"),
        ("شرکتها", "شرکت|ها"),
        ("کتابهای", "کتاب|های"),
        ("برنامهها", "برنامه|ها"),
        ("برنامههای", "برنامه|های"),
        ("برنامههایشان", "برنامه|هایشان"),
        ("مولفههایی", "مولفه|هایی"),
        ("کوهها", "کوه|ها"),
        ("راهها", "راه|ها"),
        ("دانشگاهها", "دانشگاه|ها"),
        ("نمایشگاههای", "نمایشگاه|های"),
        ("آنها", "آن|ها"),
        ("اینها", "این|ها"),
        ("آنهایی", "آن|هایی"),
        ("دهها", "ده|ها"),
        ("سالهای", "سال|های"),
        ("روزهای", "روزهای"),
        ("رویدادهای", "رویدادهای"),  # after a non-joining letter no ZWNJ is needed
        ("کشورها", "کشورها"),
        ("نیازهای", "نیازهای"),
        ("کتاب ها", "کتاب|ها"),
        ("شرکت های", "شرکت|های"),
        ("دستگاه های", "دستگاه|های"),
        ("کشور ها", "کشورها"),
        ("کتابها ها", "کتاب|ها ها"),
    ],
)
def test_plural_suffix(raw: str, expected: str) -> None:
    assert normalize(raw) == z(expected)


@pytest.mark.parametrize(
    "word",
    [
        "تنها",
        "تنهایی",
        "انتها",
        "انتهای",
        "اشتها",
        "منتها",
        "اژدها",
        "گرانبها",
        "اجارهبها",
        "طاها",
        "فقها",
        "بها",
        "رها",
        "رهایی",
        "نهایی",
        "نهایت",
        "درنهایت",
        "بینهایت",
        "نیمهنهایی",
        "شانگهای",
        "فارنهایت",
    ],
)
def test_words_ending_in_ha_that_are_not_plurals(word: str) -> None:
    assert normalize(word) == word


@pytest.mark.parametrize(
    "word",
    [
        "نامهای",  # نامه‌ای (a letter) or نام‌های (names of)
        "دستهای",  # دسته‌ای or دست‌های
        "حرفهای",  # حرفه‌ای or حرف‌های
        "پرداختهای",  # پرداخته‌ای or پرداخت‌های
        "خانهایی",  # a misspelt خانه‌ای or خان‌هایی
    ],
)
def test_ambiguous_words_are_left_alone(word: str) -> None:
    assert normalize(word) == word


# --- ZWNJ repair: comparatives -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("بزرگترین", "بزرگ|ترین"),
        ("بزرگتر", "بزرگ|تر"),
        ("مهمترین", "مهم|ترین"),
        ("سادهتر", "ساده|تر"),
        ("بزرگ ترین", "بزرگ|ترین"),
        ("بیشتر", "بیشتر"),
        ("بیشترین", "بیشترین"),
        ("کمتر", "کمتر"),
        ("بهتر", "بهتر"),
        ("بدتر", "بدتر"),
        ("دفتر", "دفتر"),
        ("دکتر", "دکتر"),
        ("کیلومتر", "کیلومتر"),
        ("کامپیوتر", "کامپیوتر"),
        ("دکترین", "دکترین"),
        ("لباس تر", "لباس تر"),  # «تر» alone is "wet"
    ],
)
def test_comparatives(raw: str, expected: str) -> None:
    assert normalize(raw) == z(expected)


def test_existing_zwnj_is_respected() -> None:
    for text in ("بین|المللی", "دانش|بنیان", "نیم|تریلر", "آبزی|پروری", "بیش|تر"):
        assert normalize(z(text)) == z(text)


def test_repair_is_fixed_for_common_real_names() -> None:
    assert normalize("شرکت توسعه ای کارآفرینان") == z("شرکت توسعه|ای کارآفرینان")
    assert normalize("شهرکهای صنعتی استان قزوین") == z("شهرک|های صنعتی استان قزوین")
    assert normalize("فروشگاههای زنجیرهای رفاه") == z("فروشگاه|های زنجیره|ای رفاه")


# --- the seed article -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def article() -> str:
    return ARTICLE.read_text(encoding="utf-8")


def test_article_repairs(article: str) -> None:
    words = set(normalize(article).replace("،", " ").replace(".", " ").replace(":", " ").split())
    repaired = {
        "توسعه|ای",
        "برنامه|های",
        "می|گذرد",
        "می|کند",
        "می|کنند",
        "می|افتد",
        "شهرک|های",
        "منطقه|ای",
        "عمده|ای",
        "دستگاه|های",
        "نمایشگاه|های",
        "نگاه|ها",
        "مولفه|هایی",
        "سال|های",
        "کلینیک|های",
        "شرکت|های",
        "دانشگاه|ها",
        "گره|های",
        "پیاده|سازی",
        "داده|اند",
    }
    assert {z(word) for word in repaired} <= words
    unchanged = {
        "کشورها",
        "نیازهای",
        "واحدهای",
        "بیشتر",
        "سهام",
        "میلیارد",
        "اینکه",
        "چراکه",
        "نهایت",
        "خاطرنشان",
        "تاثیرگذار",
        "زنجیره",
        "سامانه",
        "جهانی",
        "خوشایندی",
        "زیرساختی",
        "فتاوری",
        "کوچ",
        "درباره",
        "مقوله",
        "آماده",
        "پرونده",
    }
    assert unchanged <= words


def test_article_changes_only_zwnj_spaces_and_digits(article: str) -> None:
    out = normalize(article)
    assert "\u064a" not in out and "\u0643" not in out
    assert not any("\u06f0" <= char <= "\u06f9" for char in out)
    assert "50 درصد اشتغال" in out and "بیش از 6 دهه" in out
    # Same letters in the same order: the repair only moves joins.
    letters = [c for c in to_latin_digits(article) if not c.isspace() and c != Z]
    assert [c for c in out if not c.isspace() and c != Z] == letters
    assert out.count("\n") == article.strip().count("\n")
    assert normalize(out) == out

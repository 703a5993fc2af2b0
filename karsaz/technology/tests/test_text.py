"""Normalization, tokenization and stemming as the matcher sees text (pure Python)."""

import pytest

from karsaz.technology.matching.glossary import Glossary, default_glossary
from karsaz.technology.matching.text import analyze, colloquial_forms, persian_stem

Z = "\u200c"


@pytest.mark.parametrize(
    "variants",
    [
        (f"قالب{Z}های تزریق", "قالب های تزریق", "قالبهای تزریق", "قالبهاي تزريق", "قالب تزریق"),
        (f"ماشین{Z}آلات کشاورزی", "ماشین آلات كشاورزي", "ماشینآلات کشاورزی"),
        ("بسته‌بندی مواد غذایی", "بسته بندی مواد غذائی", "بستهبندی مواد غذايي"),
        ("قطعه خودرو", "قطعات خودرو", "قطعات خودروها"),
        ("پارچه‌های نساجی", "پارچه نساجی", "پارچه هاي نساجي"),
    ],
)
def test_spelling_variants_share_stems(variants: tuple[str, ...]) -> None:
    # Stop words aside, every way of typing the phrase gives the same stems.
    stems = {tuple(sorted(set(analyze(v)))) for v in variants}
    assert len(stems) == 1, stems


def test_digits_in_any_script_become_one_token() -> None:
    assert analyze("ورق ۲۰ میلی‌متر") == analyze("ورق ٢٠ میلیمتر") == analyze("ورق 20 میلیمتر")
    assert "20" in analyze("ورق ۲۰ میلی‌متر")


def test_english_is_stemmed_with_snowball() -> None:
    assert analyze("Injection molds") == analyze("injection mold")
    assert analyze("welding robots") == ["weld", "robot"]


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("قالبها", "قالب"),
        ("دستگاههای", "دستگا"),  # plural off, then the final «ه»: دستگاه and دستگاه‌ها meet
        ("قطعات", "قطع"),
        ("قطعه", "قطع"),
        ("صنعتی", "صنعت"),
        ("غذایی", "غذا"),
        ("بزرگترین", "بزرگ"),
        ("کارشناسان", "کارشناس"),
        ("تولیدکنندگان", "تولیدکنند"),
        ("ماشینالات", "ماشین"),
        # Words that only look inflected stay whole.
        ("تهران", "تهران"),
        ("فیلتر", "فیلتر"),
        ("سازمان", "سازمان"),
        ("تنها", "تنها"),
        ("کود", "کود"),
    ],
)
def test_light_stemmer(word: str, stem: str) -> None:
    assert persian_stem(word) == stem


def test_stop_words_are_dropped() -> None:
    assert analyze("و در به از که را با این برای") == []


def test_glossary_expands_english_to_persian_and_back() -> None:
    glossary = default_glossary()
    assert len(glossary.concepts) >= 250
    to_fa = glossary.expand(analyze("injection moulding of car parts"))
    assert set(analyze("قالب تزریق پلاستیک")) <= set(to_fa.tokens)
    to_en = glossary.expand(analyze("اینترنت اشیا"))
    assert "iot" in to_en.tokens
    # A phrase must appear whole: «اشیا» alone is not the Internet of Things.
    assert "iot" not in glossary.expand(analyze("اشیا")).tokens


def test_glossary_parses_its_format() -> None:
    g = Glossary.parse("# comment\nجوشکاری|جوش\twelding|weld\nتنها\n")
    assert len(g.concepts) == 1
    assert "weld" in g.expand(analyze("جوشکاری")).tokens


def test_light_verbs_are_stop_words() -> None:
    # «کردن» in «خشک کردن» or «مکانیزه کردن» carries no topic: it must not link the two.
    assert set(analyze("خشک کردن میوه")) & set(analyze("مکانیزه کردن برداشت")) == set()
    assert analyze("تولید می‌شود") == analyze("تولید")


@pytest.mark.parametrize(
    ("token", "forms"),
    [
        ("غلتکا", ["غلتک"]),  # spoken plural
        ("جوشامون", ["جوشامان", "جوشا", "جوش"]),  # plural + possessive
        ("کارخونه", ["کارخانه", "کارخون", "کارخان"]),  # «ون» for «ان»
        ("زعفرون", ["زعفران"]),
        ("آرده", ["آرد"]),  # «-ه» for «است»
        ("خودمونو", ["خودمانو", "خود"]),  # possessive + object «-و»
        ("بلبرینگش", ["بلبرینگ"]),
        ("pump", []),
        ("دو", []),
    ],
)
def test_colloquial_forms(token: str, forms: list[str]) -> None:
    assert colloquial_forms(token) == forms


def test_colloquial_function_words_and_verbs_are_stop_words() -> None:
    assert analyze("خمیر رو یه ساعت میچسبه میشه میگه داره") == ["خمیر", "ساعت", "میچسب"]

"""Text analysis for matching: the project's normalizer, then tokens, stop words and stems.

Pipeline (the same for records and queries, so both sides always meet):

1. ``karsaz.core.persian.tokens``: normalization (Arabic ي/ك → ی/ک, digits → ASCII, ZWNJ repair)
   and the search key (no ZWNJ, آ → ا, lower case), split into letter/digit runs. Because the
   ZWNJ is folded away *before* tokenization, «قالب‌ها», «قالب ها» and «قالبها» are one token.
2. Stop words (a short Persian and English list, with the spoken forms of function words and
   light verbs: «رو», «یه», «میشه», «میگه») are dropped.
3. Compound halves typed after a space («بسته بندی», «ماشین آلات») are glued back.
4. Stems: Latin-script tokens through Snowball's English stemmer (PyStemmer); Arabic-script tokens
   through ``persian_stem``, a light stemmer written for this project. Snowball's own Persian
   stemmer (Snowball 3) was tried and rejected: it cuts far too deep for technical vocabulary
   (کارخانه‌ها → «کارخ», دستگاه‌های → «دست», هوشمند → «هوش», قطعات → «قطع» like قطع "cut").
   hazm was weighed too: on Python 3.11 only hazm 0.10 installs, which pins numpy 1.24.3 (this
   project runs numpy 2) and pulls gensim, fasttext, nltk and scikit-learn; and its ``Stemmer``
   is itself a list of 13 suffixes stripped with no length guard (صنعت → «صنع», پوشش → «پوش»).

The light stemmer only strips inflection, never derivation, and keeps a stem of at least three
letters: plural ها/های/هایی, الات/ات, گان/ان (long words only), the superlative ترین, the
comparative تر after listed adjectives, یی/ی, and finally a silent «ه», so that singular and
plural (قطعه/قطعات، پارچه/پارچه‌ها) and noun/adjective (صنعت/صنعتی) share a stem. Over-stemming
costs a little precision on both sides equally; it never loses a record.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final

import Stemmer

from karsaz.core.persian import tokens as normalized_tokens

__all__ = ["analyze", "analyze_with_surface", "colloquial_forms", "persian_stem", "stem"]

_EN: Final = Stemmer.Stemmer("english")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Colloquial (spoken) forms of function words and light verbs: the «را» of speech, «یه», «اگه»,
# and the spoken endings of the verbs that the formal list already drops.
COLLOQUIAL_STOP_WORDS: Final = _words(
    """
    رو یه یک اگه دیگه همون همین اون این ها اینا اونا چی کی کجا چیکار هی تو اینجا اونجا الان حالا
    ولی فقط حتی هنوز سلام خب بعد قبل همش یعنی
    میشه میشن نمیشه بشه شده میکنه میکنن میکنیم نمیکنه کنه کنن کنیم کردیم کردن میکردیم
    میگه میگن گفت گفتن داره دارن داریم نداره نداریم میاد میان اومد اومده میره میرن رفت میده
    میدن داد دادن میخوایم میخواد بکنیم بکنه بزنیم میزنه میزنن میزنیم زده
    """
)

STOP_WORDS: Final = COLLOQUIAL_STOP_WORDS | _words(
    """
    و در به از که را با این آن برای یک است هست بود شد شده شود شوند می نمی کند کنند کرد کرده کنیم
    داریم دارد دارند باید تا بر هم یا اما ما شما او ایشان خود نیز همه هر چه چون اگر پس روی زیر
    بین طی توسط جهت درباره ای ها های هایی ی اند ایم بی نه بیش کم ان اینکه چند دیگر بسیار خیلی
    وجود مورد نظر انجام سال حدود طریق ها کردن نمودن شدن گردیدن گردد میکند میکنند میشود میشوند
    کنید شوید the a an and or of for to in on with by from at as is
    are be this that our we us can into via using use used per than
    """
)

# Words that only look inflected: never stripped.
_KEEP: Final = _words(
    """
    تنها ایران تهران کرمان زنجان همدان اصفهان گیلان خراسان سمنان لرستان کردستان سیستان بلوچستان
    گلستان هرمزگان خوزستان مازندران استان انسان زمان سازمان میزان جریان ساختمان درمان امکان مکان
    بنیان جوان باران دندان ارزان گران کاربران فیلتر کامپیوتر دفتر بستر متر لیتر کیلومتر میلیمتر
    سانتیمتر اینورتر کنتور روتر پلیمر ترانس ژنراتور موتور کمپرسور حرارت ماشین ات نساجی شیمی
    """
)
_COMPARABLE: Final = _words(
    """
    بزرگ کوچک سریع ارزان گران قوی ضعیف سبک سنگین دقیق کم بیش مقاوم سخت نرم نازک ضخیم بلند کوتاه
    پایدار ایمن سالم تمیز خالص محکم روان کارامد بهینه
    """
)
_MIN_STEM: Final = 3


@lru_cache(maxsize=65536)
def persian_stem(word: str) -> str:
    """The light stem of one Arabic-script token (already a search key: no ZWNJ, ا not آ)."""
    if word in _KEEP or len(word) <= _MIN_STEM:
        return word
    w = word
    for suffix in ("هایی", "های", "ها"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 2:
            w = w[: -len(suffix)]
            break
    else:
        if w.endswith("الات") and len(w) - 4 >= _MIN_STEM:
            w = w[:-4]
        elif w.endswith("ات") and len(w) - 2 >= _MIN_STEM:
            w = w[:-2]
        elif w.endswith("گان") and len(w) - 3 >= _MIN_STEM:
            w = w[:-3] + "ه"  # تولیدکنندگان → تولیدکننده
        elif w.endswith("ترین") and len(w) - 4 >= _MIN_STEM:
            w = w[:-4]
        elif w.endswith("تر") and w[:-2] in _COMPARABLE:
            w = w[:-2]
        elif w.endswith("ان") and len(w) - 2 >= 5:
            w = w[:-2]  # کارشناسان → کارشناس (long words only: short ones are rarely plurals)
    if w not in _KEEP:
        if w.endswith("یی") and len(w) - 2 >= 2:
            w = w[:-2]  # غذایی → غذا
        elif w.endswith("ای") and len(w) - 2 >= _MIN_STEM and w[-3] == "ه":
            w = w[:-2]  # لایه‌ای → لایه
        elif w.endswith("ی") and len(w) - 1 >= _MIN_STEM:
            w = w[:-1]  # صنعتی → صنعت
    if w.endswith("ه") and len(w) - 1 >= _MIN_STEM:
        w = w[:-1]  # silent heh: قطعه and قطعات meet at «قطع»
    return w


@lru_cache(maxsize=65536)
def stem(token: str) -> str:
    """The stem of one normalized token, whatever its script; digits stay as they are."""
    if token.isascii():
        return _EN.stemWord(token) if token.isalpha() else token
    return persian_stem(token)


# Second halves of compounds that people type after a space: «بسته بندی», «ماشین آلات»,
# «نرم افزار». Glued to the word before, they meet «بسته‌بندی» (one token once the ZWNJ is
# folded away). The normalizer's own repair covers plurals and silent-heh suffixes, not these.
_COMPOUND_TAILS: Final = _words(
    """
    بندی الات سازی ساز کاری گیری گذاری ریزی سنجی شناسی پذیر پذیری کننده کنندگان دهنده خانه افزار
    افزاری مند مندی
    """
)


def _glue(words: list[str]) -> list[str]:
    out: list[str] = []
    for word in words:
        if word in _COMPOUND_TAILS and out and not out[-1].isascii():
            out[-1] += word
        else:
            out.append(word)
    return out


def colloquial_forms(token: str) -> list[str]:
    """Formal forms a spoken-Persian token may stand for, most likely first (the caller keeps
    the first one that the index knows): plural «-ا» (غلتکا → غلتک), possessive «-مون/-تون/-شون»
    and «-م/-ت/-ش», object «-و/-رو», «-ه» for «است», and «ون» for «ان» (کارخونه → کارخانه,
    زعفرون → زعفران). General language rules, no topic words."""
    if token.isascii() or len(token) < 3:
        return []
    out: list[str] = []

    def add(form: str) -> None:
        if len(form) >= 2 and form != token and form not in out:
            out.append(form)

    bases = [token]
    for suffix in ("مونو", "تونو", "شونو", "مون", "تون", "شون", "رو", "و"):
        if token.endswith(suffix) and len(token) - len(suffix) >= 2:
            bases.append(token[: -len(suffix)])
            break
    for base in list(bases):
        if base.endswith("ا") and len(base) >= 4:
            bases.append(base[:-1])  # غلتکا, جوشامون → جوشا → جوش
        if base.endswith("ه") and len(base) >= 4:
            bases.append(base[:-1])  # آرده → آرد («است»)
        for suffix in ("م", "ت", "ش"):
            if base.endswith(suffix) and len(base) >= 5:
                bases.append(base[: -len(suffix)])
    for base in bases:
        add(base)
        if "ون" in base:
            i = base.rfind("ون")
            add(base[:i] + "ان" + base[i + 2 :])
    return out


def analyze_with_surface(text: str | None) -> list[tuple[str, str]]:
    """(normalized token, stem) pairs of ``text``, stop words left out."""
    words = _glue(normalized_tokens(text))
    return [(t, stem(t)) for t in words if t not in STOP_WORDS and len(t) > 1]


def analyze(text: str | None) -> list[str]:
    """The stems of ``text``: what is indexed and what a query is scored with."""
    return [s for _t, s in analyze_with_surface(text)]

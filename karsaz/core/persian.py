"""Persian text normalization: the one normalizer of Karsaz.

Every app passes text that is stored, indexed, searched or compared through this module, so
that one word has one spelling in the database whatever keyboard, PDF or spreadsheet it came
from.

- ``normalize(text)``: the canonical storage/display form. Persian letters (ی ک, not Arabic
  ي ك), ASCII digits (display layers convert back with ``to_persian_digits``), no diacritics or
  kashida, one clean ZWNJ (U+200C) as the only joiner, tidy spaces and punctuation, and a
  conservative repair of ZWNJs lost in transit (می‌گذرد، توسعه‌ای، برنامه‌ها، بزرگ‌ترین).
- ``search_key(text)``: a folded form for equality and lookup (no ZWNJ, آ→ا, lower case, …).
- ``tokens(text)``: ``search_key`` split into word tokens.
- ``to_persian_digits(value)`` / ``to_latin_digits(value)``: digits only, nothing else.
- ``is_persian(text)``: whether most letters of a text are Arabic-script letters.

Standard library only; every function accepts None and never raises on a str.

ZWNJ repair rules (conservative: when a word is ambiguous it is left as it is):

1. ``می``/``نمی`` glued to or spaced from a verb is joined with ZWNJ only when the rest of the
   word is a known present or past stem plus a personal ending (``_PRESENT``, ``_PAST``), so
   nouns such as میز، میدان، میلیون، میوه are never split.
2. After a word ending in a silent «ه» (listed in ``_HEH_WORDS``, an agent noun such as «گیرنده»,
   or a past participle such as «رفته»/«نرفته»), ای، ام، ات، اش، اند، ایم، اید، ی، مان، تان، شان and
   a few compounding tails (سازی، دار، مند، …) take a ZWNJ. Before «ای» only, such a word may also
   stand behind a compounding prefix («بین‌رشته‌ای», «یک‌هفته‌ای») or end a compound
   («تولیدکننده‌ای»).
3. The plural ها/های/هایی/… is split off when at least two letters precede it and the word is not
   one of the real words in ``_NOT_PLURAL`` (تنها، انتها، اژدها، …). When rule 2 and rule 3 read a
   word differently (نامهای: نامه‌ای or نام‌های) the stems in ``_AMBIGUOUS`` leave it untouched.
4. تر/ترین/تری are split off only after adjectives in ``_COMPARABLE``; بیشتر، کمتر، بهتر، بدتر
   stay whole because their stems are not listed.
5. A detached suffix («کتاب ها»، «منطقه ای»، «داده اند»، «بزرگ ترین»، «می گذرد») is attached under
   the same conditions. A lone «تر» is never attached: it is also the word "wet".

Following the project's orthography, no ZWNJ is kept after a letter that never joins the next
one (ا د ذ ر ز ژ و …): there it is invisible, so «کشورها» is canonical, not «کشور‌ها». Line
breaks are kept (article bodies are normalized too); all other whitespace collapses to one space.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Final

__all__ = [
    "is_persian",
    "normalize",
    "search_key",
    "to_latin_digits",
    "to_persian_digits",
    "tokens",
]

_ZWNJ: Final = "\u200c"

# Arabic-script letters as they can appear after normalization (no marks, no tatweel, no digits).
_L: Final = (
    "\u0620-\u063f\u0641-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06fc\u06ff"
)
# Letters that never join the following letter: a ZWNJ after them changes nothing visible.
_NON_JOINING: Final = frozenset("اآأإٱدذرزژوؤةءۀ")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --- character level ---------------------------------------------------------------------------


def _char_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    mapping = {
        "ی": "\u064a\u0649\u06cd\u06ce\u06d0\u063d\u063e\u063f",  # ي ى and yeh variants
        "ک": "\u0643\u06aa\u063b\u063c",  # Arabic kaf, swash kaf, keheh variants
        # ە ۀ ۂ ہ ھ: ۀ (heh + hamza, the ezafe mark) is typed inconsistently, so it folds to a plain
        # «ه» like the U+0654 hamza below: «خانۀ من» and «خانه من» must be the same stored name.
        "ه": "\u06d5\u06c0\u06c1\u06c2\u06be",
        "ا": "\u0671",  # alef wasla
        "ة": "\u06c3",
        ".": "\u06d4",  # Urdu full stop
        "،": "\u2e41",  # reversed comma
        "؛": "\u204f",  # reversed semicolon
        "؟": "\u2e2e",  # reversed question mark
        "\n": "\r\x85\u2028\u2029",
        # Invisible marks that Persian text uses in place of a ZWNJ (Word's RLM, web pages' soft
        # hyphen, ZWSP, BOM, bidi controls). They become ZWNJ here and survive only between letters.
        _ZWNJ: "\u200b\u00ad\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062"
        "\u2063\u2064\u2066\u2067\u2068\u2069\ufeff\u180e",
    }
    for target, sources in mapping.items():
        for char in sources:
            table[ord(char)] = target
    for digit in range(10):
        table[0x0660 + digit] = table[0x06F0 + digit] = str(digit)
    marks = (
        (0x0610, 0x061A),  # honorifics and small Quranic marks
        (0x064B, 0x065F),  # harakat, tanwin, shadda, sukun, maddah, hamza above/below
        (0x0670, 0x0670),  # superscript alef
        (0x06D6, 0x06DC),
        (0x06DF, 0x06E4),
        (0x06E7, 0x06E8),
        (0x06EA, 0x06ED),
        (0x08D3, 0x08E1),
        (0x08E3, 0x08FF),
    )
    for low, high in marks:
        for code in range(low, high + 1):
            table[code] = None
    table[0x0640] = None  # tatweel (kashida)
    table[0x200D] = None  # ZWJ asks for joining, the opposite of a ZWNJ: drop it
    table[0x034F] = None  # combining grapheme joiner
    return table


_CHARS: Final = _char_table()
_PRESENTATION: Final = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]")
_HSPACE: Final = re.compile(r"[^\S\n]+")
_NEWLINES: Final = re.compile(r" ?\n[\n ]*")
_ZWNJ_RUN: Final = re.compile(
    f"(?<=[{_L}])(?<![{''.join(sorted(_NON_JOINING))}])(\u200c+)(?=[{_L}])|\u200c+"
)
_FINAL_YEH_HAMZA: Final = re.compile(f"(?<=[{_L}])\u0626(?![{_L}\u200c])")


def _unpresent(match: re.Match[str]) -> str:
    # Presentation forms (PDF copy-paste, old fonts) → base letters; the lstrip drops the space
    # NFKC puts before isolated harakat forms, which are deleted later anyway. Full NFKC is not
    # applied to the whole text because it would rewrite ², ™, ½ and similar in product names.
    return unicodedata.normalize("NFKC", match.group()).lstrip(" ")


def _nfc(text: str) -> str:
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def _tidy_space(text: str) -> str:
    # Lines are kept (article bodies are stored too); blank-line runs become one blank line.
    text = _HSPACE.sub(" ", text)
    if "\n" in text:
        text = _NEWLINES.sub(lambda m: "\n\n" if m.group().count("\n") > 1 else "\n", text)
    return text.strip()


# --- lexicon for ZWNJ repair -------------------------------------------------------------------

# Present stems as they stand before personal endings (vowel-final stems carry their glide:
# «گوی» for می‌گوید, «آی» for می‌آید).
_PRESENT_BASE: Final = _words(
    """
    آی آور آموز آفرین آمیز آرای آزمای آسای آویز آغاز آشام آلای آشوب افت افزای افروز افکن انداز اندیش
    انگیز انجام ایست باش بای باز باف بخش بر بند بین بوس بار پاش پذیر پرداز پرس پز پسند پوش پیمای
    پیوند پندار پر پای پراکن پرور پیچ تاب تاز تراش ترس توان تکان ترک جنب جنگ جوی جوش چرخ چسب چش چین
    خر خند خواب خوان خواه خور خیز خراش خشک دار دان دزد ده دو دوز درخش رس رقص ران ربای رنج رو روی ریز
    رسان زای زن ساز سپار ستان سرای سنج سوز ستای شتاب شکن شمار شناس شنو شو شوی شکاف فرست فروش فریب
    فرمای فشار فشان فهم کاه کار کاو کن کش کوب کوش گذار گذر گرد گری گریز گزین گسل گشای گوی گیر گستر
    گداز گرای گنج لرز لغز مان میر مال نشین نمای نه نواز نوش نویس نگر نگار نشان ورز وز هراس یاب طلب
    زدای پوی نام نال پرست پژوه گمار جه
    """
)
_PAST_BASE: Final = _words(
    """
    آمد آورد آموخت آفرید آمیخت آراست آزمود آسود آویخت آغازید آشامید افتاد افزود افروخت افکند انداخت
    اندیشید انگیخت انجامید ایستاد باخت بافت بخشید برد بست بود بوسید بایست بارید پاشید پذیرفت پرداخت
    پرسید پخت پسندید پوشید پیمود پیوست پنداشت پرید پراکند پرورد پیچید تاخت تابید تراشید ترسید توانست
    تکاند ترکید جست جنبید جنگید جوشید چرخید چسبید چشید چید خرید خندید خوابید خواند خواست خورد خاست
    خراشید خشکید داشت دانست داد دزدید دوخت دوید دید درخشید رسید رقصید راند ربود رنجید رفت ریخت رساند
    زاد زد زیست ساخت سپرد ستاند سرود سنجید سوخت ستود شتافت شکست شمرد شناخت شنید شد شست شکافت فرستاد
    فروخت فریفت فرمود فشرد فشاند فهمید کاست کاشت کاوید کرد کشت کشید کوبید کوشید گذاشت گذشت گرفت
    گردید گریست گریخت گزید گسست گشت گشود گفت گداخت گسترد گرایید گماشت لرزید لغزید ماند مالید مرد
    نشست نشاند نگریست نگاشت نمود نهاد نوشت نوشید نواخت ورزید وزید هراسید یافت طلبید زدود پویید برید
    خمید پوسید آلود آزرد افسرد فرسود پالود تنید شورید چکید نامید نالید پرستید پژوهید گنجید جهید
    """
)


def _without_madda(stems: frozenset[str]) -> frozenset[str]:
    # «میاید», «میامد»: the madda is often not typed, so both spellings are stems.
    return stems | {"ا" + stem[1:] for stem in stems if stem.startswith("آ")}


# Causatives: خواب → خوابان، خواباند، خوابانید.
_CAUSATIVE_BASE: Final = _words(
    "خواب ترس خند چرخ لرز رقص دو خشک پوش چسب کش گرد گذر پیچ پر فهم گری جه ترک لغز خور چش"
)
_PRESENT: Final = _without_madda(_PRESENT_BASE | {stem + "ان" for stem in _CAUSATIVE_BASE})
_PAST: Final = _without_madda(
    _PAST_BASE | {stem + end for stem in _CAUSATIVE_BASE for end in ("اند", "انید")}
)
_PRESENT_ENDINGS: Final = ("م", "ی", "د", "یم", "ید", "ند")
# Past stems also carry the participle forms: «می‌رفته», «می‌رفته‌اند».
_PAST_ENDINGS: Final = ("", "م", "ی", "یم", "ید", "ند", "ه", "هام", "های", "هایم", "هاید", "هاند")
_CLITICS: Final = ("", "ش", "ت", "شان", "تان", "مان")
# «می‌توان» has no personal ending.
_BARE_PRESENT: Final = frozenset({"توان"})

# Words ending in a silent «ه» (the vowel e, not the consonant h as in راه، کوه، گاه).
# A word is listed only when its «ه» + ای reading is the common one.
_HEH_WORDS: Final = _words(
    """
    توسعه برنامه منطقه عمده مجموعه موسسه مؤسسه کارخانه رسانه حرفه پروژه سرمایه هزینه بودجه شبکه
    مقاله روزنامه خانه کتابخانه نامه هفته دوره پایه سایه مایه ساده زنده آینده نماینده پرونده گسترده
    پیچیده پدیده سپرده عقیده فایده قاعده وعده عهده عده هسته رشته دسته خسته شایسته برجسته وابسته
    فرشته ویژه پیشه اندیشه ریشه شیشه همیشه گوشه نقشه خوشه کلیشه نتیجه درجه صفحه لایحه رابطه واسطه
    ضابطه نقطه سلطه حیطه لحظه ملاحظه حافظه حوزه اجازه اندازه تازه دروازه مغازه جایزه انگیزه مبارزه
    جامعه مطالعه مراجعه واقعه فاجعه قطعه شایعه ضایعه مقایسه مدرسه جلسه کاسه بوسه وسوسه حماسه پروسه
    معامله مبادله معادله مرحله مسئله مسأله مساله فاصله حوصله وسیله قبیله جمله حمله محله مجله غله پله
    زباله رساله حواله مقوله مشغله شعله لوله مصاحبه محاسبه مکاتبه مطالبه مسابقه سابقه علاقه طبقه حلقه
    سلیقه دقیقه وثیقه مشاهده معاهده مذاکره مشاوره مناظره محاصره مخاطره خاطره ذخیره زنجیره جزیره
    دایره کره ذره نمره ثمره بهره چهره پنجره ستاره اشاره شماره اداره دوباره همواره اجاره چاره درباره
    تبصره تجربه ضربه رتبه مرتبه شعبه جنبه جعبه غلبه ترجمه کلمه مقدمه خاتمه ادامه چشمه همه نیمه بیمه
    ضمیمه نمونه گونه چگونه اینگونه آنگونه کوچه بچه غنچه دریچه باغچه تاریخچه دفترچه کتابچه پارچه شاخه
    نسخه فلسفه وظیفه لطیفه طایفه وقفه صرفه اضافه قیافه عاطفه تعرفه همسایه لایه آرایه کرایه گلایه
    کنایه نمایه نظریه اطلاعیه بیانیه اولیه ثانویه نشریه حاشیه قضیه کلیه ناحیه زاویه هدیه توصیه تهیه
    تخلیه تصفیه تسویه تجزیه تغذیه تکیه روحیه رویه شهریه بقیه ترکیه روسیه سوریه عرضه عرصه قصه خلاصه
    مناقصه مزایده آستانه بهانه نشانه افسانه ترانه یگانه دیوانه رایانه سامانه یارانه پایانه بیعانه
    صبحانه ماهانه سالانه روزانه شبانه دوستانه صادقانه عاشقانه آگاهانه عادلانه منصفانه متاسفانه
    متأسفانه خوشبختانه جداگانه دوگانه چندگانه بیگانه دانه شانه لانه آشیانه میانه پروانه آزادانه
    محرمانه هوشمندانه عاقلانه سرانه زمینه گزینه آیینه سینه کینه پیشینه بیشینه کمینه بهینه گنجینه
    قرینه دهه سکه پیاده آماده اراده استفاده خانواده جاده ماده زاده شاهزاده آموزه میوه شیوه جلوه قهوه
    علاوه پوسته پسته برنده پرنده سازنده دارنده نویسنده خواننده بیننده فروشنده گوینده شنونده کننده
    دهنده گیرنده فزاینده ماهنامه فصلنامه شناسنامه بخشنامه چرخه گستره محدوده سفته چکیده گزیده برگزیده
    دانشکده پژوهشکده آموزشکده ایده توده کوزه موزه تپه قله غرفه ثانیه سرکه سرمه خامنه سکته زردچوبه
    آبگینه کوفته واژه یکپارچه نقره مزه خنده راننده پرده گریه پاره زنانه مردانه آلوده پوشه خرده کوره
    شرمنده تشنه فرسوده بازنشسته کهنه آهسته پنجه بیهوده افسرده گرسنه خزانه نخبه نگارنده انباشته
    دیرینه شوینده آلاینده بافنده درخشنده فرهیخته پاکیزه یاخته نشاسته سازه فراورده فرآورده پنبه ادویه
    اسلحه نقلیه بدنه اره دستگیره قفسه آینه نوشابه آبمیوه علوفه جوجه مهره کیسه بنده
    """
)
# Prefixes of compound adjectives: «بین‌رشته‌ای», «چندرسانه‌ای», «یک‌هفته‌ای», «بی‌سابقه‌ای».
_PREFIXES: Final = tuple(
    sorted(
        _words(
            """
            بین میان تک نیمه غیر چند بی فرا ضد درون برون یک دو سه چهار پنج شش هفت هشت نه ده یازده
            دوازده سیزده چهارده پانزده شانزده هفده هجده نوزده بیست سی چهل پنجاه شصت هفتاد هشتاد نود
            صد دویست سیصد چهارصد پانصد ششصد هفتصد هشتصد نهصد هزار
            """
        ),
        key=len,
        reverse=True,
    )
)
# Agent nouns: present stem + «نده» (گیرنده، آینده، نماینده). «رونده» is left out: «روندهای»
# is far more often روند‌های (trends) than رونده‌ای.
_AGENTIVE: Final = frozenset(stem + "نده" for stem in _PRESENT) - {"رونده", "ماننده"}
# Compound heads: «تولیدکننده», «داروخانه» end in a listed word.
_HEH_HEADS: Final = ("کننده", "دهنده", "گیرنده", "سازنده", "دارنده", "خانه")
# Stems that are common nouns although stem + «ه» is a listed word too: «نامهای» may be نامه‌ای
# or نام‌های, «پرداختهای» پرداخته‌ای or پرداخت‌های. Such words are left alone.
_AMBIGUOUS: Final = _words(
    """
    نام ثبتنام دست گوش پست پوست برند نقش مرد پل چشم موز نشان شکست نشست پرداخت خرید خواست پیوست سوخت
    برد کشت بست ساخت دید نهاد گشت بافت رسید پیشرفت کاشت چرخ حرف محل زمین آیین رابط معادل مهر کیس بند
    نمود نبرد بدن قفس پایان
    """
)
# Real words ending in «ها» that are not plurals, with their inflections («تنهایی»).
_NOT_PLURAL: Final = _words(
    """
    تنها انتها اشتها منتها اژدها گرانبها خونبها پربها کمبها بیبها نیمبها شیربها اجارهبها آببها
    برقبها گازبها طاها تاها شاها پادشاها الها فقها سفها وجها بلها هاها گاها فیها منها عنها علیها
    الیها بیانتها بیاشتها پراشتها کماشتها خوشاشتها بیمنتها نهتنها تکوتنها بهتنها همبها امابیها
    یاماها فبها بعینها
    """
)
# Whole words never touched by the repair.
_KEEP: Final = _words("درنهایت بینهایت بینهایتی نیمهنهایی میدانی شانگهای فارنهایت")
_COMPARABLE: Final = _words(
    """
    بزرگ کوچک مهم سریع ارزان گران قوی ضعیف جدید تازه قدیمی ساده سخت آسان دشوار راحت طولانی کوتاه
    بلند پایین بالا نزدیک دور مناسب موثر مؤثر کارآمد سنگین سبک پیچیده گسترده دقیق جامع شدید عمیق
    روشن تاریک خوب زیبا ارزشمند مفید محبوب معروف مشهور رایج معتبر سالم امن ایمن پایدار ثابت کند گرم
    سرد جوان پیر غنی فقیر ثروتمند قدرتمند موفق شاد خوشحال زیاد فراوان کامل پیشرفته هوشمند تمیز آرام
    شلوغ خلوت وسیع باریک پهن ضخیم نازک داغ خنک تلخ شیرین حساس جذاب خطرناک فعال محکم نرم تند دراز
    عالی عجیب جالب مشکل واضح مطمئن ارزنده گویا رقابتی بهینه
    """
)
_COMPARATIVE: Final = ("ترین", "تری", "تر")
_PLURALS: Final = ("هایشان", "هایتان", "هایمان", "هایش", "هایت", "هایم", "هایی", "های", "ها")
_HEH_SUFFIXES: Final = ("اند", "ایم", "اید", "مان", "تان", "شان", "ای", "ام", "ات", "اش", "ی")
_TAILS: Final = tuple(
    sorted(
        _words(
            """
            سازی سازان ساز یافته یافتگی داری داران دار گذاری گذار ریزی مندی مندان مند وری ور شناسی
            شناس نویسی نویس محور فروشی فروش گری گر بندی بند کاوی کاری کار
            """
        ),
        key=len,
        reverse=True,
    )
)
# Suffixes that may stand detached after a space, and what may follow a silent «ه».
_HEH_DETACHED: Final = frozenset({"ای", "ام", "ات", "اش", "اند", "ایم", "اید", "ی"})
_AFFIXES: Final = (
    frozenset(_PLURALS) | frozenset(_HEH_SUFFIXES) | frozenset(_COMPARATIVE) | frozenset(_TAILS)
)


# --- ZWNJ repair -------------------------------------------------------------------------------


def _link(left: str, right: str) -> str:
    return left + ("" if left[-1] in _NON_JOINING else _ZWNJ) + right


@lru_cache(maxsize=8192)
def _is_verb(word: str) -> bool:
    """Whether ``word`` (what follows می/نمی) is a known stem + personal ending (+ clitic)."""
    if word in _BARE_PRESENT:
        return True
    for clitic in _CLITICS:
        if not word.endswith(clitic):
            continue
        base = word[: len(word) - len(clitic)]
        for ending in _PRESENT_ENDINGS:
            if base.endswith(ending) and base[: len(base) - len(ending)] in _PRESENT:
                return True
        for ending in _PAST_ENDINGS:
            if base.endswith(ending) and base[: len(base) - len(ending)] in _PAST:
                return True
    return False


def _is_heh_word(word: str, *, compound: bool = False) -> bool:
    """A word ending in a silent «ه»: listed, an agent noun, or a past participle («رفته»,
    «نرفته»). With ``compound``, also such a word behind prefixes («بین‌رشته», «یک‌هفته») or a
    compound ending in a head («تولیدکننده»); only «ای» trusts that looser reading, since «ی» and
    the rest also end many plain words («پرتودهی» is پرتو + دهی, not پرتوده + ی).
    """
    if len(word) < 3 or word[-1] != "ه":
        return False
    if word in _HEH_WORDS or word in _AGENTIVE or word[:-1] in _PAST:
        return True
    if word[0] == "ن" and word[1:-1] in _PAST:
        return True
    if not compound:
        return False
    if any(word.endswith(head) and len(word) > len(head) for head in _HEH_HEADS):
        return True
    stem = word
    while prefix := next(
        (p for p in _PREFIXES if stem.startswith(p) and len(stem) > len(p) + 3), ""
    ):
        stem = stem[len(prefix) :]
        if stem in _HEH_WORDS:
            return True
    return False


def _split_suffix(word: str) -> tuple[str, str] | None:
    """Where a glued suffix starts, or None when there is none or the reading is ambiguous."""
    for suffix in _COMPARATIVE:
        if word.endswith(suffix) and word[: -len(suffix)] in _COMPARABLE:
            return word[: -len(suffix)], suffix
    for tail in _TAILS:
        if word.endswith(tail) and _is_heh_word(word[: -len(tail)]):
            return word[: -len(tail)], tail
    heh = None
    for suffix in _HEH_SUFFIXES:
        if word.endswith(suffix) and _is_heh_word(word[: -len(suffix)], compound=suffix == "ای"):
            heh = (word[: -len(suffix)], suffix)
            break
    plural = None
    for suffix in _PLURALS:
        if word.endswith(suffix):
            stem = word[: -len(suffix)]
            if len(stem) >= 2 and stem + "ها" not in _NOT_PLURAL:
                plural = (stem, suffix)
            break
    if heh and plural:  # «Xهای» = Xه + ای or X + های
        return None if plural[0] in _AMBIGUOUS else heh
    if heh:
        return heh
    if plural and not (plural[1] == "هایی" and _is_heh_word(plural[0] + "ه", compound=True)):
        return plural  # «خانهایی» is a misspelt خانه‌ای as often as a plural: leave it
    return None


@lru_cache(maxsize=32768)
def _repair(word: str) -> str:
    """Insert the ZWNJs a run of letters (no ZWNJ inside) has lost."""
    # No Persian word is 40 letters long; the cap also bounds the recursion on junk input.
    if not 4 <= len(word) <= 40 or word in _KEEP:
        return word
    for prefix in ("نمی", "می"):
        if word.startswith(prefix) and _is_verb(word[len(prefix) :]):
            return _link(prefix, _repair(word[len(prefix) :]))
    split = _split_suffix(word)
    if split is None:
        return word
    return _link(_repair(split[0]), split[1])


_WORD: Final = re.compile(f"[{_L}]{{4,}}")
_JOIN_MI: Final = re.compile(f"(?<![{_L}\u200c])(ن?می) (?=([{_L}]+))")
_JOIN_SUFFIX: Final = re.compile(
    f"(?<![{_L}])([{_L}]+) (?=("
    + "|".join(sorted({*_PLURALS, *_HEH_DETACHED, "ترین"}, key=len, reverse=True))
    + f")(?![{_L}\u200c]))"
)


def _join_mi(match: re.Match[str]) -> str:
    prefix, verb = match.group(1), match.group(2)
    return prefix + (_ZWNJ if _is_verb(verb) else " ")


def _join_suffix(match: re.Match[str]) -> str:
    left, suffix = match.group(1), match.group(2)
    if suffix in _HEH_DETACHED:
        attach = _is_heh_word(left, compound=suffix == "ای")
    else:
        attach = len(left) >= 2 and left not in _AFFIXES
    if attach and left[-1] in _NON_JOINING:
        # Glued without a ZWNJ the two words become one: attach only if that word reads the same.
        attach = _repair(left + suffix) == left + suffix
    if not attach:
        return left + " "
    return left + ("" if left[-1] in _NON_JOINING else _ZWNJ)


def _repair_text(text: str) -> str:
    # A glued run may read differently from its parts, so the repair is repeated until nothing
    # changes; it only ever adds joins, so this settles in one or two rounds.
    for _ in range(4):
        repaired = _WORD.sub(lambda m: _repair(m.group()), text)
        if " " in repaired:
            repaired = _JOIN_SUFFIX.sub(_join_suffix, _JOIN_MI.sub(_join_mi, repaired))
        if repaired == text:
            break
        text = repaired
    return text


# --- punctuation -------------------------------------------------------------------------------

_SPACE_BEFORE_FA: Final = re.compile(r" +(?=[،؛؟])")
# Latin marks only in a Persian context, and not before a Latin letter or digit: ".NET", "3 .5".
_SPACE_BEFORE: Final = re.compile(f"(?<=[{_L}]) +(?=[.:!)»](?![A-Za-z0-9]))")
_SPACE_AFTER_OPEN: Final = re.compile(f"(?<=[(«]) +(?=[{_L}0-9])")
_MISSING_AFTER_FA: Final = re.compile(r"(?<=[،؛؟])(?=[^\W\d_])")
# «.» needs a word of two letters or more before it so abbreviations such as «ه.ش» and «ق.م»
# stay whole (a ZWNJ only ever stands between two letters).
_MISSING_AFTER: Final = re.compile(
    f"(?:(?<=[{_L}][{_L}][.:!])|(?<=\u200c[{_L}][.:!])|(?<=[)»]))(?=[{_L}])"
)


def _punctuation(text: str) -> str:
    text = _SPACE_BEFORE_FA.sub("", text)
    text = _SPACE_BEFORE.sub("", text)
    text = _SPACE_AFTER_OPEN.sub("", text)
    text = _MISSING_AFTER_FA.sub(" ", text)
    return _MISSING_AFTER.sub(" ", text)


# --- public API --------------------------------------------------------------------------------


def normalize(text: str | None) -> str:
    """The canonical storage and display form of ``text`` ("" for None)."""
    if text is None:
        return ""
    if not isinstance(text, str):
        text = str(text)
    text = text.replace("\r\n", "\n")
    if text.isascii():  # nothing Persian to do: spaces and line ends only
        return _tidy_space(text.replace("\r", "\n"))
    if _PRESENTATION.search(text):
        text = _PRESENTATION.sub(_unpresent, text)
    # Persian yeh + hamza above is the Persian-keyboard spelling of «ئ».
    text = _nfc(text).replace("\u06cc\u0654", "\u0626").translate(_CHARS)
    text = _nfc(text)  # deleting a mark can leave a Latin letter and its accent apart
    if _ZWNJ in text:
        text = _ZWNJ_RUN.sub(lambda m: _ZWNJ if m.group(1) else "", text)
    text = _tidy_space(text)
    if "\u0626" in text:  # «ئ» ending a word is a misspelt «ی» («شئ»), inside a word it is right
        text = _FINAL_YEH_HAMZA.sub("ی", text)
    return _punctuation(_repair_text(text))


_FOLD: Final = str.maketrans(
    {_ZWNJ: None, "آ": "ا", "أ": "ا", "إ": "ا", "ؤ": "و", "ئ": "ی", "ة": "ه", "ء": None}
)


def _fold(text: str) -> str:
    # Lines are flattened before normalizing so the spacing rules see what the key will hold.
    return " ".join(normalize(" ".join(text.split())).lower().translate(_FOLD).split())


def search_key(text: str | None) -> str:
    """The form to compare and search by: ``normalize(text)`` in lower case with no ZWNJ,
    آ أ إ → ا, ؤ → و, ئ → ی, ة → ه, no «ء», and single spaces (line breaks too).

    Folding can hand the rules a new word («دایرة ای» → «دایره ای» → «دایره‌ای»), so the fold is
    repeated until it settles: ``search_key(search_key(x)) == search_key(x)``.
    """
    if not text:
        return ""
    key = _fold(str(text))
    for _ in range(3):
        again = _fold(key)
        if again == key:
            break
        key = again
    return key


_TOKEN: Final = re.compile(r"[^\W_]+")


def tokens(text: str | None) -> list[str]:
    """The word tokens (runs of letters and digits, any script) of ``search_key(text)``."""
    return _TOKEN.findall(search_key(text))


_TO_PERSIAN: Final = str.maketrans("0123456789٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹" * 2)
_TO_LATIN: Final = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "0123456789" * 2)


def to_persian_digits(value: object) -> str:
    """``str(value)`` with Latin and Arabic-Indic digits as Persian digits ("" for None).

    Only digits change: separators are the caller's business (``٬`` and ``٫`` for Persian).
    """
    return "" if value is None else str(value).translate(_TO_PERSIAN)


def to_latin_digits(value: object) -> str:
    """``str(value)`` with Persian and Arabic-Indic digits as ASCII digits ("" for None).

    Only digits change, not separators or signs.
    """
    return "" if value is None else str(value).translate(_TO_LATIN)


_LATIN_LETTER: Final = re.compile(r"[A-Za-z]")
_PERSIAN_LETTER: Final = re.compile(r"[\u0600-\u06ff]")
_TEXT_WORD: Final = re.compile(r"[^\s،؛,;:()«»\[\]]+")


def persian_text_digits(text: str | None) -> str:
    """Persian digits in the Persian words of a text a user typed («پلاک 66» → «پلاک ۶۶»); a
    word with Latin letters keeps its digits («INV-2»), and so does a number that follows one
    («ISO 9001»). For display on Persian pages: what was typed is stored as typed."""
    if not text:
        return ""
    out, last, latin_before = [], 0, False
    for match in _TEXT_WORD.finditer(text):
        word = match.group(0)
        latin = bool(_LATIN_LETTER.search(word))
        keep = latin or (latin_before and not _PERSIAN_LETTER.search(word))
        out.append(text[last : match.start()])
        out.append(word if keep else word.translate(_TO_PERSIAN))
        last = match.end()
        latin_before = latin or (latin_before and keep)
    out.append(text[last:])
    return "".join(out)


_ARABIC_LETTER: Final = re.compile(f"[{_L}]")


def is_persian(text: str | None) -> bool:
    """Whether more than half of the letters of ``text`` are Arabic-script letters."""
    if not text:
        return False
    letters = sum(1 for char in text if char.isalpha())
    return letters > 0 and 2 * len(_ARABIC_LETTER.findall(text)) > letters

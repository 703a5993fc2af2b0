"""Templates for realistic technology needs and capabilities, and the spelling noise of real
users. Pure Python; used by the demo data (``demo.py``) and by the matching benchmark's
evaluation set (``bench/data/matching/``), which are generated with different seeds.

Each topic is one technical problem area: needs are written as a factory describes its problem
(symptoms, in its own words), capabilities as a provider describes its solution, so the two
share some words and not others, as in life. ``noisy`` then types them the way people do:
without the ZWNJ or with a space instead, with Arabic ي/ك, Persian or Arabic digits, and an
English technical term in place of the Persian one.

The topics themselves are data, shipped with the package in ``demo_data/topics.json`` (read once,
at import, into ``TOPICS``).
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

ZWNJ = "\u200c"


@dataclass(frozen=True)
class Topic:
    key: str
    isic: str  # ISIC division
    need_titles: tuple[str, ...]
    problems: tuple[str, ...]
    cap_titles: tuple[str, ...]
    offers: tuple[str, ...]
    keywords: str
    english: tuple[tuple[str, str], ...] = ()  # (Persian phrase, English term) to swap in


TOPICS_FILE = Path(__file__).resolve().parent / "demo_data" / "topics.json"


def load_topics() -> tuple[Topic, ...]:
    """The topics of ``demo_data/topics.json``, in file order."""
    rows = json.loads(TOPICS_FILE.read_text(encoding="utf-8"))
    return tuple(
        Topic(
            key=row["key"],
            isic=row["isic"],
            need_titles=tuple(row["need_titles"]),
            problems=tuple(row["problems"]),
            cap_titles=tuple(row["cap_titles"]),
            offers=tuple(row["offers"]),
            keywords=row["keywords"],
            english=tuple((fa, en) for fa, en in row["english"]),
        )
        for row in rows
    )


TOPICS: tuple[Topic, ...] = load_topics()

_ARABIC = str.maketrans({"ی": "ي", "ک": "ك"})
_FA_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_AR_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def noisy(text: str, rng: random.Random, *, level: float = 0.5) -> str:
    """``text`` typed as real users type it. ``level`` is the chance of each kind of noise."""
    if rng.random() < level:  # ZWNJ lost or typed as a space
        text = text.replace(ZWNJ, rng.choice(["", " "]))
    if rng.random() < level * 0.6:  # an Arabic keyboard
        text = text.translate(_ARABIC)
    if rng.random() < level * 0.5:
        text = text.translate(rng.choice([_FA_DIGITS, _AR_DIGITS]))
    return text


def english_swap(text: str, topic: Topic, rng: random.Random, *, chance: float) -> str:
    """Replaces a Persian technical phrase with its English term, as engineers often write."""
    for fa, en in topic.english:
        if fa in text and rng.random() < chance:
            text = text.replace(fa, en, 1)
    return text


CITIES = ("قزوین", "البرز", "تبریز", "اصفهان", "مشهد", "اراک", "شیراز", "کاشان", "رشت", "یزد")


def need_text(topic: Topic, rng: random.Random) -> tuple[str, str, str]:
    """(title, summary, desired outcome) of one need, before noise."""
    title = rng.choice(topic.need_titles)
    problems = rng.sample(topic.problems, k=min(2, len(topic.problems)))
    summary = (
        " ".join(problems)
        + " "
        + rng.choice(
            (
                "کارخانه ما در {city} است.",
                "واحد ما در شهرک صنعتی {city} قرار دارد.",
                "به دنبال همکار فنی در {city} یا استان‌های مجاور هستیم.",
                "",
            )
        ).format(city=rng.choice(CITIES))
    )
    outcome = rng.choice(
        (
            "حل مشکل و انتقال دانش فنی به تیم ما.",
            "نمونه اولیه و سپس تولید در مقیاس صنعتی.",
            "کاهش ضایعات و هزینه تولید.",
            "دریافت راهکار عملی ظرف شش ماه.",
        )
    )
    return title, summary.strip(), outcome


def capability_text(topic: Topic, rng: random.Random) -> tuple[str, str, str]:
    """(title, description, keywords) of one capability, before noise."""
    title = rng.choice(topic.cap_titles)
    offers = rng.sample(topic.offers, k=min(2, len(topic.offers)))
    description = (
        " ".join(offers)
        + " "
        + rng.choice(
            (
                "سابقه همکاری با بیش از {n} واحد صنعتی.",
                "دارای آزمایشگاه مجهز و تیم مهندسی با {n} سال تجربه.",
                "اجرای {n} پروژه صنعتی موفق.",
            )
        ).format(n=rng.randint(3, 40))
    )
    return title, description, topic.keywords

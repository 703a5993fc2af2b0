"""Builds the matching evaluation set (run once; the output is committed beside this file).

    .venv/bin/python bench/data/matching/generate.py

From the shipped topic templates (``karsaz/technology/demo_data/topics.json``, read by
``karsaz/technology/corpus.py``) with a seed of its own (the
demo uses another): for each of 35 topics, 5 needs (175 in all) written as users type them —
ZWNJ dropped or spaced, Arabic ي/ك, Persian/Arabic digits, English terms in place of Persian
ones — and 6 capabilities (210). A need's relevant capabilities are those of its topic.
Structured fields (ISIC division, TRL, province) ride along for the signal stage.
"""

import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from karsaz.technology.corpus import (  # noqa: E402
    TOPICS,
    capability_text,
    english_swap,
    need_text,
    noisy,
)

SEED = 20261127
NEEDS_PER_TOPIC = 5
CAPS_PER_TOPIC = 6
PROVINCES = ("23", "10", "09", "26", "03", "00", "07", "30")


def main() -> None:
    rng = random.Random(SEED)
    caps, needs = [], []
    for topic in TOPICS:
        ids = []
        for _ in range(CAPS_PER_TOPIC):
            title, description, keywords = capability_text(topic, rng)
            text = english_swap(f"{title}\n{description}", topic, rng, chance=0.25)
            caps.append(
                {
                    "id": len(caps) + 1,
                    "text": noisy(text, rng, level=0.35) + "\n" + keywords,
                    "sectors": [topic.isic],
                    "trl": rng.randint(4, 9),
                    "province": rng.choice(PROVINCES),
                    "certified": rng.random() < 0.5,
                }
            )
            ids.append(len(caps))
        for _ in range(NEEDS_PER_TOPIC):
            title, summary, outcome = need_text(topic, rng)
            text = english_swap(f"{title}\n{summary}\n{outcome}", topic, rng, chance=0.4)
            needs.append(
                {
                    "id": len(needs) + 1,
                    "topic": topic.key,
                    "text": noisy(text, rng, level=0.7),
                    "sector": topic.isic,
                    "trl": rng.randint(4, 8),
                    "province": rng.choice(PROVINCES),
                    "relevant": ids,
                }
            )
    for name, rows in (("capabilities.jsonl", caps), ("needs.jsonl", needs)):
        (HERE / name).write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8"
        )
    print(f"{len(needs)} needs, {len(caps)} capabilities")


if __name__ == "__main__":
    main()

"""Speed of the Persian normalizer (not a test; moved here from the test suite).

    .venv/bin/python bench/normalize.py [--names 10000] [--repeat 5]

Normalizes short enterprise names (the registry's hot path: every save and every search) and a
paragraph-length need text, and compares each with a floor measured in the same run on the same
strings: `unicodedata.normalize("NFKC", s)` followed by whitespace collapsing, the least any
Unicode-aware cleaner does (in C: the ratio shows what the pure-Python rules cost, it is not a
target). Reports microseconds per string (median of `--repeat` passes) and the ratio to the floor.
Target: 10,000 short names in under a second (the budget the old test held). The last line is one
JSON object with every figure.
"""

import argparse
import json
import statistics
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from karsaz.core.persian import normalize, search_key

STEMS = ["شركت", "توسعهاي", "صنايع", "كتابهاي", "ميگذرد", "گروه", "فولاد", "پارس", "۱۲۳"]
PARAGRAPH = (
    "خمير مي چسبه به غلتكها و خط هر يك ساعت مي خوابه؛ ۳ بار در روز تميزكاري مي كنيم. "
    "دنبال راهكاري براي كاهش ضايعات و توقف خط هستيم (ظرفيت 2000 kg در ساعت)."
)


def floor(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def timed(fn: Callable[[str], str], texts: list[str], repeat: int) -> float:
    """Median seconds for one pass over `texts`."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        for text in texts:
            fn(text)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--names", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    n = args.names
    names = [f"{STEMS[i % 9]} {STEMS[(i * 7) % 9]} {i} {STEMS[(i * 5) % 9]}" for i in range(n)]
    paragraphs = [f"{PARAGRAPH} {i}" for i in range(max(n // 10, 1))]
    result: dict[str, object] = {"names": n, "paragraphs": len(paragraphs)}
    for label, texts in (("names", names), ("paragraphs", paragraphs)):
        base = timed(floor, texts, args.repeat)
        for name, fn in (("normalize", normalize), ("search_key", search_key)):
            seconds = timed(fn, texts, args.repeat)
            result[f"{label}_{name}_us"] = round(seconds / len(texts) * 1e6, 2)
            result[f"{label}_{name}_ratio_to_floor"] = round(seconds / base, 1)
        result[f"{label}_floor_us"] = round(base / len(texts) * 1e6, 2)
        if label == "names":
            result["names_normalize_seconds"] = round(timed(normalize, texts, args.repeat), 3)
    result["target_names_under_1s"] = result["names_normalize_seconds"] < 1.0  # type: ignore[operator]
    for key, value in result.items():
        print(f"{key:40} {value}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()

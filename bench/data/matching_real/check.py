"""Validate the hand-written matching evaluation set (stdlib only).

    python bench/data/matching_real/check.py

Loads every part present (``tune``, ``heldout``), checks ids, grades and traps, and prints
counts per part: needs, capabilities, topics, registers, kinds, variety shares.
"""

import collections
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PARTS = ("tune", "heldout")
VARIETIES = {
    "standard",
    "no_zwnj",
    "arabic_yk",
    "latin_digits",
    "arabic_digits",
    "typo",
    "english_terms",
    "colloquial",
}
SPELLING = {"no_zwnj", "arabic_yk", "latin_digits", "arabic_digits", "typo"}
# Common verbs written with «می» joined to the stem instead of a ZWNJ («میشه», «میکنیم»); «میاد»
# and «میارن» are the usual colloquial spelling and are not counted.
JOINED_MI = re.compile(
    r"(?<![^\s«(])ن?می(?:شه|شن|شود|شوند|گه|گن|ده|دن|دیم|دهد|دهند|کنه|کنن|کنیم|کند|کنند|زنه|زنن"
    r"|زنیم|ره|رن|ریم|خره|خریم|خوایم|خواد|خواهیم|تونیم|تونه|دونیم|دونه|سه|بینیم|گیره|گیریم|رسه"
    r"|گذارد|باشه|خوره|ریزیم|سازیم|سازن|پره|چسبه|چینیم|فته|ترسیم|مونه|پرسن|پوسن|سوزن|سوزه|شکنه"
    r"|شکنن|بنده|کشه|کشیم|گیرن|بره|رود|توان)(?=[\s.،؛؟!»)]|$)"
)
PERSIAN_YK = str.maketrans({"ي": "ی", "ك": "ک"})
KINDS = {"firm", "lab", "university", "workshop", "consultancy", "representative"}
REGISTERS = {"colloquial", "formal"}


def load(path: Path) -> list[dict]:
    rows = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as error:
                raise SystemExit(f"{path.name}:{number}: {error}") from None
    return rows


def text_problems(row: dict) -> list[str]:
    """Checks that the declared spelling variety matches the text."""
    text, variety, out = row["text"], set(row["variety"]), []
    if not variety or not variety <= VARIETIES:
        out.append(f"unknown variety {sorted(variety - VARIETIES)}")
    if "standard" in variety and len(variety) > 1:
        out.append("'standard' combined with another tag")
    has_arabic_yk = bool(re.search("[يك]", text))
    if has_arabic_yk != ("arabic_yk" in variety):
        out.append(
            "Arabic ي/ك " + ("present but untagged" if has_arabic_yk else "tagged but absent")
        )
    if (
        re.search("[0-9]", text)
        and "latin_digits" not in variety
        and "english_terms" not in variety
    ):
        out.append("Latin digits untagged")
    if "latin_digits" in variety and not re.search("[0-9]", text):
        out.append("latin_digits tagged but absent")
    has_arabic_digits = bool(re.search("[٠-٩]", text))
    if has_arabic_digits != ("arabic_digits" in variety):
        out.append("Arabic digits " + ("untagged" if has_arabic_digits else "tagged but absent"))
    # english_terms may be written in Persian letters (هموژنایزر, مکانیکال سیل): no check.
    if "standard" in variety and re.search("[A-Za-z]{2,}", text):
        out.append("Latin words in a 'standard' text (tag english_terms)")
    if "no_zwnj" not in variety:
        if re.search(r"(?:^|\s)ن?می\s", text):
            out.append("detached می (ZWNJ dropped) untagged: add no_zwnj")
        joined = JOINED_MI.findall(text.translate(PERSIAN_YK))
        if joined:
            out.append(f"می joined without ZWNJ untagged ({', '.join(joined)}): add no_zwnj")
    return out


def main() -> int:
    errors: list[str] = []
    seen: dict[str, str] = {}
    parts: dict[str, tuple[list[dict], list[dict], Path]] = {}
    for part in PARTS:
        caps_path, needs_path = HERE / f"capabilities_{part}.jsonl", HERE / f"needs_{part}.jsonl"
        if not caps_path.exists() and not needs_path.exists():
            continue
        if not caps_path.exists() or not needs_path.exists():
            errors.append(f"{part}: needs and capabilities files must both exist")
            continue
        parts[part] = (load(needs_path), load(caps_path), HERE / f"topics_{part}.md")
        for row in parts[part][0] + parts[part][1]:
            if row["id"] in seen:
                errors.append(f"duplicate id {row['id']} ({seen[row['id']]} and {part})")
            seen[row["id"]] = part
    if not parts:
        print("no part found")
        return 1
    caps_all = {c["id"] for _, caps, _ in parts.values() for c in caps}
    for part, (needs, caps, topics_path) in parts.items():
        graded_caps: set[str] = set()
        for cap in caps:
            where = f"{part}:{cap['id']}"
            if cap.get("kind") not in KINDS:
                errors.append(f"{where}: kind {cap.get('kind')!r}")
            if not cap.get("sectors") or not all(re.fullmatch(r"\d\d", s) for s in cap["sectors"]):
                errors.append(f"{where}: sectors {cap.get('sectors')!r}")
            if not cap["id"].startswith(cap["topic"] + "-c"):
                errors.append(f"{where}: id does not match topic {cap['topic']}")
            errors += [f"{where}: {p}" for p in text_problems(cap)]
        for need in needs:
            where = f"{part}:{need['id']}"
            relevant, traps = need.get("relevant", {}), need.get("traps", [])
            if need.get("register") not in REGISTERS:
                errors.append(f"{where}: register {need.get('register')!r}")
            if not re.fullmatch(r"\d\d", need.get("sector", "")):
                errors.append(f"{where}: sector {need.get('sector')!r}")
            if not need["id"].startswith(need["topic"] + "-n"):
                errors.append(f"{where}: id does not match topic {need['topic']}")
            for key, grade in relevant.items():
                if key not in caps_all:
                    errors.append(f"{where}: graded {key} does not exist")
                if grade not in (1, 2):
                    errors.append(f"{where}: grade {grade!r} for {key}")
                graded_caps.add(key)
            for key in traps:
                if key not in caps_all:
                    errors.append(f"{where}: trap {key} does not exist")
                if key in relevant:
                    errors.append(f"{where}: trap {key} is graded")
            if 2 not in relevant.values():
                errors.append(f"{where}: no grade-2 capability")
            if len(traps) < 1:
                errors.append(f"{where}: no trap")
            errors += [f"{where}: {p}" for p in text_problems(need)]
        topics = sorted({n["topic"] for n in needs} | {c["topic"] for c in caps})
        if topics_path.exists():
            listed = set(re.findall(r"\b[A-Z]\d\d\b", topics_path.read_text("utf-8")))
            missing = [t for t in topics if t not in listed]
            if missing:
                errors.append(f"{part}: topics missing from {topics_path.name}: {missing}")
        else:
            errors.append(f"{part}: {topics_path.name} missing")
        report(part, needs, caps, topics, graded_caps)
    for error in errors:
        print("ERROR", error)
    print(f"{len(errors)} error(s)")
    return 1 if errors else 0


def share(rows: list[dict], test) -> str:
    hits = sum(1 for r in rows if test(r))
    return f"{hits}/{len(rows)} ({100 * hits / max(len(rows), 1):.0f}%)"


def report(part: str, needs: list[dict], caps: list[dict], topics: list[str], graded: set) -> None:
    per_topic_needs = collections.Counter(n["topic"] for n in needs)
    per_topic_caps = collections.Counter(c["topic"] for c in caps)
    grades = collections.Counter(g for n in needs for g in n["relevant"].values())
    cross = sum(1 for n in needs for k in n["relevant"] if not k.startswith(n["topic"] + "-"))
    print(f"== part {part}: {len(topics)} topics, {len(needs)} needs, {len(caps)} capabilities")
    odd = [t for t in topics if per_topic_needs[t] != 3 or per_topic_caps[t] != 6]
    if odd:
        print(f"   topics without 3 needs and 6 capabilities: {odd}")
    registers = collections.defaultdict(set)
    for need in needs:
        registers[need["topic"]].add(need["register"])
    one_register = [t for t in topics if len(registers[t]) < 2]
    if one_register:
        print(f"   topics whose needs are all one register: {one_register}")
    unusual = [
        n["id"]
        for n in needs
        if not 2 <= list(n["relevant"].values()).count(2) <= 4
        or list(n["relevant"].values()).count(1) > 2
    ]
    print(f"   needs outside 2-4 grade-2 / 0-2 grade-1: {len(unusual)} {unusual}")
    print(
        f"   grades: 2 x{grades[2]}, 1 x{grades[1]} (cross-topic {cross}); traps per need "
        f"{statistics_mean(len(n['traps']) for n in needs):.1f}; "
        f"capabilities graded for some need {len(graded & {c['id'] for c in caps})}"
    )
    print(f"   registers: {dict(collections.Counter(n['register'] for n in needs))}")
    print(f"   kinds: {dict(collections.Counter(c['kind'] for c in caps))}")
    for label, rows in (("needs", needs), ("capabilities", caps)):
        tags = collections.Counter(t for r in rows for t in r["variety"])
        print(
            f"   {label}: fully standard {share(rows, lambda r: r['variety'] == ['standard'])}, "
            f"non-standard spelling {share(rows, lambda r: bool(SPELLING & set(r['variety'])))}"
        )
        print("      tags: " + ", ".join(f"{t} {n}" for t, n in tags.most_common()))
    sentences = [len(re.findall(r"[.!?؟]+(?:\s|$)", n["text"])) for n in needs]
    print(
        f"   need length: {min(len(n['text']) for n in needs)}-"
        f"{max(len(n['text']) for n in needs)} chars, ~{min(sentences)}-{max(sentences)} sentences"
    )


def statistics_mean(values) -> float:
    values = list(values)
    return sum(values) / max(len(values), 1)


if __name__ == "__main__":
    sys.exit(main())

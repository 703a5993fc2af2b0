"""Validate the hand-written matching evaluation set (issue 13). Stdlib only.

Usage: python bench/data/matching_real/check.py
Loads every part present (needs_<P>.jsonl + capabilities_<P>.jsonl), checks ids, grades and traps,
and prints counts per part. Exit code 1 on any error.
"""
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
PARTS = ("tune", "heldout")
VARIETIES = {"standard", "no_zwnj", "arabic_yk", "latin_digits", "arabic_digits", "typo",
             "english_terms", "colloquial"}
SPELLING = {"no_zwnj", "arabic_yk", "latin_digits", "arabic_digits", "typo"}
KINDS = {"firm", "lab", "university", "workshop", "consultancy", "representative"}
ZWNJ = "\u200c"


def load(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f, 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as e:
                    errors.append(f"{path.name}:{i}: bad JSON ({e})")
    return rows


def spelling_warnings(row, where):
    """Soft checks that the variety tags match the text."""
    text, var = row["text"], set(row.get("variety", []))
    out = []
    if "arabic_yk" in var and not re.search("[يك]", text):
        out.append(f"{where}: tagged arabic_yk but has no Arabic ي/ك")
    if "arabic_yk" not in var and re.search("[يك]", text):
        out.append(f"{where}: Arabic ي/ك but not tagged arabic_yk")
    if "arabic_digits" in var and not re.search("[٠-٩]", text):
        out.append(f"{where}: tagged arabic_digits but has no Arabic-Indic digit")
    if "latin_digits" in var and not re.search("[0-9]", text):
        out.append(f"{where}: tagged latin_digits but has no Latin digit")
    if "no_zwnj" in var and ZWNJ in text:
        out.append(f"{where}: tagged no_zwnj but contains ZWNJ")
    if var == {"standard"} and re.search("[0-9A-Za-z]", text):
        out.append(f"{where}: tagged only standard but has Latin letters/digits")
    return out


errors, warnings = [], []
all_caps, all_needs, parts = {}, {}, {}
for part in PARTS:
    npath, cpath = HERE / f"needs_{part}.jsonl", HERE / f"capabilities_{part}.jsonl"
    if not npath.exists() and not cpath.exists():
        continue
    needs = load(npath) if npath.exists() else []
    caps = load(cpath) if cpath.exists() else []
    parts[part] = (needs, caps)
    for c in caps:
        if c["id"] in all_caps or c["id"] in all_needs:
            errors.append(f"duplicate id {c['id']}")
        all_caps[c["id"]] = c
    for n in needs:
        if n["id"] in all_needs or n["id"] in all_caps:
            errors.append(f"duplicate id {n['id']}")
        all_needs[n["id"]] = n

for part, (needs, caps) in parts.items():
    for c in caps:
        where = f"{part}:{c['id']}"
        for key in ("id", "topic", "text", "sectors", "kind", "variety"):
            if key not in c:
                errors.append(f"{where}: missing {key}")
        if c.get("kind") not in KINDS:
            errors.append(f"{where}: bad kind {c.get('kind')!r}")
        if not set(c.get("variety", [])) <= VARIETIES or not c.get("variety"):
            errors.append(f"{where}: bad variety {c.get('variety')}")
        if not all(re.fullmatch(r"\d\d", s) for s in c.get("sectors", [])) or not c.get("sectors"):
            errors.append(f"{where}: bad sectors {c.get('sectors')}")
        warnings += spelling_warnings(c, where)
    for n in needs:
        where = f"{part}:{n['id']}"
        for key in ("id", "topic", "text", "sector", "register", "variety", "relevant", "traps"):
            if key not in n:
                errors.append(f"{where}: missing {key}")
        if n.get("register") not in ("colloquial", "formal"):
            errors.append(f"{where}: bad register {n.get('register')!r}")
        if not set(n.get("variety", [])) <= VARIETIES or not n.get("variety"):
            errors.append(f"{where}: bad variety {n.get('variety')}")
        if not re.fullmatch(r"\d\d", str(n.get("sector", ""))):
            errors.append(f"{where}: bad sector {n.get('sector')!r}")
        rel, traps = n.get("relevant", {}), n.get("traps", [])
        for cid, g in rel.items():
            if cid not in all_caps:
                errors.append(f"{where}: graded id {cid} does not exist")
            if g not in (1, 2):
                errors.append(f"{where}: grade {g} for {cid} (must be 1 or 2)")
        for cid in traps:
            if cid not in all_caps:
                errors.append(f"{where}: trap id {cid} does not exist")
            if cid in rel:
                errors.append(f"{where}: trap {cid} is graded")
        if 2 not in rel.values():
            errors.append(f"{where}: no grade-2 capability")
        warnings += spelling_warnings(n, where)


def share(rows, pred):
    return f"{sum(1 for r in rows if pred(r))}/{len(rows)} ({100 * sum(1 for r in rows if pred(r)) / max(len(rows), 1):.0f}%)"


for part, (needs, caps) in parts.items():
    topics = sorted({n["topic"] for n in needs} | {c["topic"] for c in caps})
    print(f"== part {part}: {len(needs)} needs, {len(caps)} capabilities, {len(topics)} topics")
    per_topic_n = Counter(n["topic"] for n in needs)
    per_topic_c = Counter(c["topic"] for c in caps)
    odd = [t for t in topics if per_topic_n[t] != 3 or per_topic_c[t] != 6]
    if odd:
        warnings.append(f"{part}: topics without 3 needs / 6 capabilities: {odd}")
    print("  registers:", dict(Counter(n["register"] for n in needs)))
    print("  needs fully standard spelling (variety == [standard]):",
          share(needs, lambda r: r["variety"] == ["standard"]))
    print("  needs with non-standard spelling (no_zwnj/arabic_yk/digits/typo):",
          share(needs, lambda r: bool(SPELLING & set(r["variety"]))))
    print("  needs non-standard in any way (not exactly [standard]):",
          share(needs, lambda r: r["variety"] != ["standard"]))
    print("  need variety tags:", dict(Counter(v for n in needs for v in n["variety"])))
    print("  capability variety tags:", dict(Counter(v for c in caps for v in c["variety"])))
    print("  capability kinds:", dict(Counter(c["kind"] for c in caps)))
    grades = Counter(g for n in needs for g in n["relevant"].values())
    print("  grades:", {f"grade {k}": v for k, v in sorted(grades.items())},
          "| traps:", sum(len(n["traps"]) for n in needs),
          "| cross-topic grades:", sum(1 for n in needs for cid in n["relevant"]
                                       if all_caps.get(cid, {}).get("topic") != n["topic"]))
    g2 = Counter(sum(1 for g in n["relevant"].values() if g == 2) for n in needs)
    print("  grade-2 per need:", dict(sorted(g2.items())))
    lens = sorted(len(r["text"]) for r in needs + caps)
    if lens:
        print(f"  text length (chars): min {lens[0]}, median {lens[len(lens) // 2]}, max {lens[-1]}")

for w in warnings:
    print("warning:", w)
for e in errors:
    print("ERROR:", e)
print("OK" if not errors else f"{len(errors)} error(s)")
sys.exit(1 if errors else 0)

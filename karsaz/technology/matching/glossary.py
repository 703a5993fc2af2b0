"""The shipped fa↔en technical glossary, applied as query expansion.

A query that contains a glossary term in one language (as a run of stems, so «قالب‌های تزریق» and
"injection molds" both hit) is expanded with the stems of the term's other variants, in both
languages, so an English query finds Persian records and the other way round. Expansion terms
score at ``EXPANSION_WEIGHT`` of an original term: a record that uses the query's own words still
ranks first.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from karsaz.technology.matching.text import analyze

GLOSSARY_FILE = Path(__file__).with_name("glossary.tsv")
EXPANSION_WEIGHT = 0.6


@dataclass(frozen=True)
class Concept:
    label: str  # the first Persian variant, shown in explanations
    label_en: str
    variants: tuple[tuple[str, ...], ...]  # each variant as its stems


@dataclass(frozen=True)
class Expansion:
    tokens: tuple[str, ...]  # stems to add, none already in the query
    concepts: tuple[Concept, ...]  # the concepts the query hit


class Glossary:
    def __init__(self, concepts: list[Concept]) -> None:
        self.concepts = concepts
        # First stem of a variant → (variant, concept): a query is scanned once, left to right.
        self._starts: dict[str, list[tuple[tuple[str, ...], Concept]]] = {}
        for concept in concepts:
            for variant in concept.variants:
                if variant:
                    self._starts.setdefault(variant[0], []).append((variant, concept))

    @classmethod
    def parse(cls, text: str) -> Glossary:
        concepts = []
        for line in text.splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            fa, _sep, en = line.partition("\t")
            fa_terms = [t.strip() for t in fa.split("|") if t.strip()]
            en_terms = [t.strip() for t in en.split("|") if t.strip()]
            variants = tuple(
                dict.fromkeys(v for v in (tuple(analyze(t)) for t in fa_terms + en_terms) if v)
            )
            if len(variants) > 1:
                concepts.append(
                    Concept(
                        label=fa_terms[0] if fa_terms else en_terms[0],
                        label_en=en_terms[0] if en_terms else fa_terms[0],
                        variants=variants,
                    )
                )
        return cls(concepts)

    def expand(self, stems: list[str]) -> Expansion:
        present = set(stems)
        hit: dict[str, Concept] = {}
        for i, first in enumerate(stems):
            for variant, concept in self._starts.get(first, ()):
                if tuple(stems[i : i + len(variant)]) == variant:
                    hit.setdefault(concept.label, concept)
        extra: dict[str, None] = {}
        for concept in hit.values():
            for variant in concept.variants:
                if _has_shorter(variant, concept.variants):
                    continue  # «قالب سازی» adds nothing to «قالب» but the vague «ساز»
                for token in variant:
                    if token not in present:
                        extra[token] = None
        return Expansion(tokens=tuple(extra), concepts=tuple(hit.values()))


def _has_shorter(variant: tuple[str, ...], variants: tuple[tuple[str, ...], ...]) -> bool:
    for other in variants:
        n = len(other)
        if n < len(variant) and any(
            variant[i : i + n] == other for i in range(len(variant) - n + 1)
        ):
            return True
    return False


@lru_cache(maxsize=1)
def default_glossary() -> Glossary:
    return Glossary.parse(GLOSSARY_FILE.read_text(encoding="utf-8"))

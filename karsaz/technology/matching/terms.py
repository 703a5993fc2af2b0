"""Term vectors: the dense model's vector of every indexed word, so a typed query is embedded
by table look-ups instead of a transformer pass.

A transformer costs about 1–2 ms a token on this CPU (a need's first sentence: 60–100 ms),
which no interactive search can afford. Records are still encoded whole by the model, in the
task queue; a typed query's vector is the idf-weighted mean of its words' vectors, each word
encoded once by the same model (``query: <word>``) when a record first brings it in. The mean
of the table is subtracted before pooling: e5 vectors share one large common direction, and
removing it is what makes word averages discriminate (the evaluation in ``bench/matching.py``
measures this path beside the transformer's).

Words are keyed by stem (``text.analyze``), so every spelling the analyzer folds together (ZWNJ,
Arabic letters, plural and object suffixes) shares one vector; the vector is computed from the
word's most frequent surface form.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import numpy as np

from karsaz.technology.matching.text import analyze_with_surface


def _forms(texts: list[str]) -> dict[str, Counter[str]]:
    seen: dict[str, Counter[str]] = defaultdict(Counter)
    for text in texts:
        for token, stem in analyze_with_surface(text):
            seen[stem][token] += 1
    return seen


def surfaces(texts: list[str]) -> dict[str, str]:
    """Each stem of ``texts`` and the surface form it is most often written in."""
    return {stem: forms.most_common(1)[0][0] for stem, forms in _forms(texts).items()}


def ranked_surfaces(texts: list[str]) -> dict[str, str]:
    """``surfaces`` ordered by how often each stem occurs, most frequent first (ties: first
    seen), so a cap on how many words are encoded keeps the words that describe the text."""
    seen = _forms(texts)
    order = sorted(seen, key=lambda stem: -seen[stem].total())  # stable: ties keep first seen
    return {stem: seen[stem].most_common(1)[0][0] for stem in order}


class TermTable:
    """Stem → unit vector, with the running mean used to centre pooled query vectors."""

    def __init__(self, dim: int) -> None:
        self.dim = dim
        self._rows: dict[str, int] = {}
        self._matrix = np.zeros((0, dim), dtype=np.float32)
        self._pending: dict[str, np.ndarray] = {}
        self._sum = np.zeros(dim, dtype=np.float64)

    def __len__(self) -> int:
        return len(self._rows) + len(self._pending)

    def __contains__(self, stem: object) -> bool:
        return stem in self._rows or stem in self._pending

    def missing(self, stems: object) -> list[str]:
        return [s for s in dict.fromkeys(stems) if s not in self]  # type: ignore[call-overload]

    def add(self, vectors: dict[str, np.ndarray]) -> None:
        """Adds new stems (a stem already present keeps its vector: words do not change)."""
        for stem, vector in vectors.items():
            if stem in self:
                continue
            v = np.asarray(vector, dtype=np.float32).reshape(-1)
            if v.shape[0] != self.dim:
                continue
            norm = float(np.linalg.norm(v))
            if norm == 0:
                continue
            v = v / norm
            self._pending[stem] = v
            self._sum += v

    def _flush(self) -> None:
        if not self._pending:
            return
        start = len(self._rows)
        stems = list(self._pending)
        need = start + len(stems)
        if need > len(self._matrix):  # grow geometrically: a new word is not a full copy
            grown = np.zeros((max(need, 2 * len(self._matrix), 64), self.dim), dtype=np.float32)
            grown[:start] = self._matrix[:start]
            self._matrix = grown
        self._matrix[start:need] = np.stack([self._pending[s] for s in stems])
        self._rows.update({s: start + i for i, s in enumerate(stems)})
        self._pending = {}

    def vector(self, weights: dict[str, float]) -> np.ndarray | None:
        """The centred, weighted mean of the known stems' vectors, L2-normalized; None when no
        stem of ``weights`` is in the table."""
        self._flush()
        rows = [(self._rows[s], w) for s, w in weights.items() if s in self._rows and w > 0]
        if not rows:
            return None
        mean = (self._sum / len(self._rows)).astype(np.float32)
        idx = np.fromiter((r for r, _w in rows), dtype=np.int64, count=len(rows))
        w = np.fromiter((w for _r, w in rows), dtype=np.float32, count=len(rows))
        pooled = w @ (self._matrix[idx] - mean)
        norm = float(np.linalg.norm(pooled))
        return pooled / norm if norm > 0 else None

    def items(self) -> tuple[list[str], np.ndarray]:
        self._flush()
        stems = sorted(self._rows, key=self._rows.__getitem__)
        return stems, self._matrix[: len(stems)]

"""The matching engine: lexical BM25 (bm25s) + dense vectors, fused by reciprocal rank, plus
documented structured boosts, with an explanation for every match. Pure Python: no Django.

Index layout
- A *main* segment: a bm25s index over the stems of every record at the last compaction.
- A *delta* segment: records added or changed since, scored with the same BM25 formula and the
  main segment's statistics (N, document frequencies, average length), so a changed record
  ranks as it would after a rebuild. Replaced or removed main rows are masked (tombstones).
- When the delta reaches ``compact_at`` records, ``compact()`` rebuilds the main segment from the
  stems it already holds (no re-analysis, no database).
- Dense vectors (one per record, L2-normalized) in one matrix; cosine = dot product.

Only text a record chooses to make public may be given to the index (the Django layer passes
titles, summaries and keywords, never confidential details), so no match and no explanation can
reveal a confidential field.

Scoring of a query against records
1. Lexical: BM25 of the query stems + ``EXPANSION_WEIGHT`` × BM25 of the glossary expansion.
2. Dense: cosine of the query vector and each record vector. A record's stored vector (the
   model's, computed in the task queue) serves as the query when a record is matched; typed
   text is embedded from the term table (``terms.py``: the model's vector of each indexed word,
   idf-weighted and centred), and by the model itself only when none of its words is known.
3. Reciprocal-rank fusion of the two top-``DEPTH`` lists: Σ 1 / (``RRF_K`` + rank).
4. Boosts (``BOOSTS``, added to the fused score; 1/(60+1) ≈ 0.0164 is a first place): the record
   shares an ISIC division with the query (sector), its TRL fits (a capability at most one level
   below the need's target, or above it), same province, valid knowledge-based certificate.
"""

from __future__ import annotations

import json
import logging
import math
import os
import shutil
import tempfile
import threading
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import bm25s
import numpy as np

from karsaz.technology.matching.dense import Encoder
from karsaz.technology.matching.glossary import EXPANSION_WEIGHT, Glossary, default_glossary
from karsaz.technology.matching.terms import TermTable
from karsaz.technology.matching.text import (
    analyze,
    analyze_with_surface,
    colloquial_forms,
    stem,
)

logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every build at DEBUG

RRF_K = 60
# Pseudo-relevance feedback (issue 13): the dense query is moved towards the mean stored vector
# of the first PRF_DOCS fused hits (the query keeps weight PRF_QUERY) and the dense stage runs
# again. Typed words describe a symptom; the first hits' own vectors say it in the words firms
# use. Hand-written tune set, typed text: nDCG@10 0.681 -> 0.712 (3 docs: 0.702, 10: 0.717 but
# the need path drops to 0.707; query weight 0.5: 0.703, 0.7: 0.691).
PRF_DOCS = 5
PRF_QUERY = 0.3
# A record the feedback brings must also lie near the first hits themselves: cosine to their
# mean vector at least PRF_NEAR (the model's raw scale, as DENSE_FLOOR["model"]), so feedback
# never lists a record far from everything the query found (0.88 costs nothing on the tune set).
PRF_NEAR = 0.88
# The records the feedback re-scores: the PRF_POOL nearest the query (at 100,000 records a second
# pass over the whole matrix would double the dense stage's cost).
PRF_POOL = 2000
DEPTH = 100  # how deep each stage's list goes into the fusion
# The dense query is the text's head: encoding cost grows with length (~1 ms a token on this
# CPU) and a need's title and first sentence carry its meaning; records are encoded whole.
DENSE_QUERY_CHARS = 160
K1, B = 1.5, 0.75  # bm25s's defaults (Lucene variant)
# A lexical hit scores at least this share of the best one: a record that shares only a common
# word with a long query is noise in a browse list and in the fusion.
LEXICAL_FLOOR = 0.15
# The sector boost was 0.003; 0.005 on the hand-written tune set (issue 13): 92% of the capabilities
# that solve a need share its division, 11% of the others do (0.008 scored higher there but lets
# more same-sector traps in, and a solution from another sector must still be able to win).
BOOSTS = {
    "sector": 0.005,
    "hits_sector": 0.005,
    "trl": 0.0015,
    "province": 0.001,
    "certified": 0.0007,
}
# Typed text names no sector: a soft prior over the ISIC divisions of the first SECTOR_DOCS fused
# hits stands in for it ("hits_sector"). Each hit weighs 1/log2(rank + 1) (as in nDCG); a
# division's share is the weight of the hits that carry it over the weight of all SECTOR_DOCS.
# A record in a division holding at least SECTOR_FLOOR of it gets the boost in proportion to
# that share, the full boost from SECTOR_FULL (4 of 5 hits, or the first 3). Tune set, typed
# text: nDCG@10 0.656 (the former rule: 3 of the first 5 share it, all or nothing) -> 0.668
# (floor 0.2: 0.667, 0.4: 0.663; full 0.5: 0.667, 0.7: 0.666; 3 hits: 0.658, 10: 0.663; hits
# weighing 1/rank: 0.655-0.664, their fused score: 0.665; no prior at all: 0.633). The first
# hits' most common division is the need's own in only 57-59% of the tune needs (their nearest
# records, division centroids and word-division counts do worse: 41-54%), so the boost is
# graded by how sure the prior is rather than all or nothing.
# Lexical pseudo-relevance feedback, for text that names no sector (what browse search and
# ``match`` send): the FEEDBACK_TERMS words that at least FEEDBACK_MIN of the first
# FEEDBACK_DOCS fused hits use and the query does not (by how many use them × idf) add
# FEEDBACK_WEIGHT × their BM25 to records that already share a word or a concept with the
# query, so they reorder lexical hits (a colloquial need names few of the trade's words; the
# firms that solve it share them) and bring none: every lexical hit is still explained by a
# query word. Tune set, typed text, nDCG@10 (trap share): 0.668 (0.064) -> 0.678 (0.061); 5 or
# 20 words: 0.673 / 0.677, weight 0.1: 0.671, 0.3: 0.676, words 3 of the hits share: 0.672.
# Not for a query with a sector (a need page): there it gained less on the tune set (0.716 ->
# 0.721) and cost the generated set (bench/matching.py) 0.990 -> 0.988.
FEEDBACK_TERMS = 10
FEEDBACK_DOCS = 5
FEEDBACK_MIN = 2
FEEDBACK_WEIGHT = 0.2
SECTOR_DOCS = 5
SECTOR_FLOOR = 0.3
SECTOR_FULL = 0.6
# A query word that no record uses is read as the indexed word one typing slip away when both
# have at least this many letters (shorter words have too many neighbours to guess from).
FUZZY_MIN_CHARS = 5
_PERSIAN = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"
_LATIN = "abcdefghijklmnopqrstuvwxyz"
# 2: term vectors saved beside the record vectors; 3: light verbs are stop words; 4: colloquial
# function words and verbs are stop words too.
FORMAT = 4
QUERY_VECTORS = ("terms", "model")
# The cosine below which typed text has no dense hit (issue 12: «فوتبال» and "xqzvw" listed ten
# "relevant" records). Measured on the demo's 385 records: the model's raw vectors put every
# record at 0.73-0.84 from nonsense and the best records at 0.85-0.92 from real queries; the
# term table's centred vectors put nonsense at most 0.054 and real queries' best at 0.10-0.25.
DENSE_FLOOR = {"terms": 0.08, "model": 0.85}


@dataclass(frozen=True)
class Record:
    """What the index knows of a need or a capability: public text and structured signals."""

    key: int
    text: str
    sectors: tuple[str, ...] = ()  # ISIC divisions (two digits)
    trl: int | None = None  # a need's target TRL, a capability's TRL
    province: str = ""
    certified: bool = False


@dataclass(frozen=True)
class Query:
    text: str
    sectors: tuple[str, ...] = ()
    trl: int | None = None
    # Which side the query's TRL is: a need's target ("target") or a capability's ("offered").
    trl_side: str = "target"
    province: str = ""
    exclude: frozenset[int] = frozenset()
    vector: np.ndarray | None = None  # a stored vector (the query record's own), if any
    # Records the query's owner already found relevant (a need's shortlisted, negotiated or
    # signed proposals): the vector feedback starts from them rather than from the first hits.
    relevant: tuple[int, ...] = ()


@dataclass(frozen=True)
class Match:
    key: int
    score: float
    lexical_rank: int | None
    dense_rank: int | None
    terms: tuple[str, ...]  # query words found in the record
    concepts: tuple[str, ...]  # glossary concepts that bridged the two (another language/term)
    signals: tuple[str, ...]  # keys of BOOSTS that applied
    similarity: float | None = None  # cosine to the query, when the dense stage ranked it

    def as_dict(self) -> dict[str, object]:
        return {
            "score": round(self.score, 6),
            "lexical_rank": self.lexical_rank,
            "dense_rank": self.dense_rank,
            "terms": list(self.terms),
            "concepts": list(self.concepts),
            "signals": list(self.signals),
            "similarity": None if self.similarity is None else round(self.similarity, 4),
        }


@dataclass
class _Entry:
    record: Record
    stems: tuple[str, ...]
    main_row: int | None = None  # row in the main segment, if it lives there


class _Main:
    """A bm25s index over a fixed list of records; rows can be masked, never added."""

    def __init__(self, keys: list[int], corpus: list[tuple[str, ...]]) -> None:
        self.keys = np.asarray(keys, dtype=np.int64)
        self.alive = np.ones(len(keys), dtype=bool)
        self.n = len(keys)
        lengths = [len(c) for c in corpus]
        self.avgdl = (sum(lengths) / len(lengths)) if lengths else 1.0
        self.bm25: bm25s.BM25 | None = None
        if keys:
            self.bm25 = bm25s.BM25(k1=K1, b=B)
            self.bm25.index([list(c) or [""] for c in corpus], show_progress=False)
            indptr = np.asarray(self.bm25.scores["indptr"])
            self._df = np.diff(indptr)

    def df(self, token: str) -> int:
        if self.bm25 is None:
            return 0
        tid = self.bm25.vocab_dict.get(token)
        return 0 if tid is None or tid >= len(self._df) else int(self._df[tid])

    def scores(self, tokens: list[str]) -> np.ndarray | None:
        if self.bm25 is None:
            return None
        ids = self.bm25.get_tokens_ids(tokens)
        if not ids:
            return None
        return np.asarray(self.bm25.get_scores_from_ids(ids), dtype=np.float32)


class MatchIndex:
    """One kind of record (needs or capabilities), searchable by text and signals."""

    def __init__(
        self,
        *,
        encoder: Encoder | None = None,
        glossary: Glossary | None = None,
        compact_at: int = 256,
        query_vectors: str = "terms",
    ) -> None:
        if query_vectors not in QUERY_VECTORS:
            raise ValueError(f"query_vectors must be one of {QUERY_VECTORS}")
        self.encoder = encoder
        # How typed text becomes a query vector: "terms" (table look-ups, the default) or
        # "model" (a transformer pass per query: better on unseen words, ~50-150 ms here).
        self.query_vectors = query_vectors
        self.glossary = glossary if glossary is not None else default_glossary()
        self.compact_at = compact_at
        self.seq = 0  # the last change applied (the Django layer's change counter)
        self._entries: dict[int, _Entry] = {}
        self._main = _Main([], [])
        self._delta: dict[int, Counter[str]] = {}
        self._vec_keys: list[int] = []
        self._vec_rows: dict[int, int] = {}
        dim = encoder.dim if encoder else 384
        self._vec: np.ndarray = np.zeros((0, dim), dtype=np.float32)
        self._vec_pending: dict[int, np.ndarray] = {}
        self._vec_alive: np.ndarray = np.zeros(0, dtype=bool)
        self.terms = TermTable(dim)
        self._lock = threading.RLock()

    # --- writing ---------------------------------------------------------------------------

    def build(self, records: list[Record], vectors: dict[int, np.ndarray] | None = None) -> None:
        """Replaces everything with ``records`` (and their vectors, when given)."""
        with self._lock:
            self._entries = {r.key: _Entry(r, tuple(analyze(r.text))) for r in records}
            self._delta = {}
            self._rebuild_main()
            self._vec_keys, self._vec_rows, self._vec_pending = [], {}, {}
            self._vec = np.zeros((0, self._vec.shape[1]), dtype=np.float32)
            self._vec_alive = np.zeros(0, dtype=bool)
            if vectors:
                self._set_vectors(vectors)

    def upsert(self, record: Record, vector: np.ndarray | None = None) -> None:
        """Adds or replaces one record: it goes to the delta, its old main row is masked."""
        with self._lock:
            old = self._entries.get(record.key)
            if old is not None and old.main_row is not None:
                self._main.alive[old.main_row] = False
            stems = tuple(analyze(record.text))
            self._entries[record.key] = _Entry(record, stems)
            self._delta[record.key] = Counter(stems)
            if vector is not None:
                self._set_vectors({record.key: vector})
            if len(self._delta) >= self.compact_at:
                self.compact()

    def remove(self, key: int) -> None:
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None and old.main_row is not None:
                self._main.alive[old.main_row] = False
            self._delta.pop(key, None)
            self._vec_pending.pop(key, None)
            row = self._vec_rows.get(key)
            if row is not None:
                self._vec_alive[row] = False

    def set_vector(self, key: int, vector: np.ndarray) -> None:
        with self._lock:
            if key in self._entries:
                self._set_vectors({key: vector})

    def set_term_vectors(self, vectors: dict[str, np.ndarray]) -> None:
        """Adds the model's vectors of words (by stem) to the term table."""
        with self._lock:
            self.terms.add(vectors)

    def vocabulary(self, keys: list[int] | None = None) -> set[str]:
        """The stems of every record (or of ``keys``): what the term table should cover."""
        with self._lock:
            entries = (
                self._entries.values()
                if keys is None
                else (self._entries[k] for k in keys if k in self._entries)
            )
            return {s for e in entries for s in e.stems}

    def compact(self) -> None:
        """Folds the delta into a fresh main segment and packs the vector matrix."""
        with self._lock:
            self._delta = {}
            self._rebuild_main()
            self._flush_vectors()
            live = [k for k in self._vec_keys if self._vec_alive[self._vec_rows[k]]]
            if len(live) != len(self._vec_keys):
                rows = [self._vec_rows[k] for k in live]
                self._vec = self._vec[rows]
                self._vec_keys = live
                self._vec_rows = {k: i for i, k in enumerate(live)}
                self._vec_alive = np.ones(len(live), dtype=bool)

    def _rebuild_main(self) -> None:
        keys = list(self._entries)
        self._main = _Main(keys, [self._entries[k].stems for k in keys])
        for row, key in enumerate(keys):
            self._entries[key].main_row = row

    def _set_vectors(self, vectors: dict[int, np.ndarray]) -> None:
        for key, vector in vectors.items():
            v = np.asarray(vector, dtype=np.float32).reshape(-1)
            norm = float(np.linalg.norm(v))
            if norm > 0:
                v = v / norm
            row = self._vec_rows.get(key)
            if row is not None:
                self._vec[row] = v
                self._vec_alive[row] = True
            else:
                self._vec_pending[key] = v

    def _flush_vectors(self) -> None:
        if not self._vec_pending:
            return
        keys = list(self._vec_pending)
        block = np.stack([self._vec_pending[k] for k in keys])
        if self._vec.shape[1] != block.shape[1]:
            self._vec = np.zeros((0, block.shape[1]), dtype=np.float32)
        start = len(self._vec_keys)
        self._vec = np.vstack([self._vec, block]) if len(self._vec) else block
        self._vec_keys.extend(keys)
        self._vec_rows.update({k: start + i for i, k in enumerate(keys)})
        self._vec_alive = np.concatenate([self._vec_alive, np.ones(len(keys), dtype=bool)])
        self._vec_pending = {}

    # --- reading ---------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def has_vector(self, key: int) -> bool:
        row = self._vec_rows.get(key)
        return key in self._vec_pending or (row is not None and bool(self._vec_alive[row]))

    def stats(self) -> dict[str, object]:
        return {
            "records": len(self._entries),
            "main": int(self._main.alive.sum()),
            "delta": len(self._delta),
            "vectors": int(self._vec_alive.sum()) + len(self._vec_pending),
            "terms": len(self.terms),
            "encoder": getattr(self.encoder, "name", None),
            "seq": self.seq,
        }

    def _known(self, stem_: str) -> bool:
        return self._main.df(stem_) > 0 or any(stem_ in c for c in self._delta.values())

    def resolve(self, surface: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """The query's (token, stem) pairs with each word no record uses replaced by the first of
        its colloquial formal forms (``text.colloquial_forms``) that a record does use, else by
        the indexed stem one typing slip away (``_nearest_stem``): a query word the index knows
        is never changed, so formal text scores exactly as before."""
        out = []
        delta_vocab: set[str] | None = None
        for token, stem_ in surface:
            if not self._known(stem_):
                for form in colloquial_forms(token):
                    candidate = stem(form)
                    if self._known(candidate):
                        stem_ = candidate
                        break
                else:
                    if delta_vocab is None:
                        delta_vocab = set().union(*self._delta.values())
                    stem_ = self._nearest_stem(stem_, delta_vocab) or stem_
            out.append((token, stem_))
        return out

    def _nearest_stem(self, word: str, delta_vocab: set[str]) -> str | None:
        """The indexed stem at edit distance 1 from ``word`` (one letter deleted, inserted,
        replaced, or two neighbours swapped), both at least ``FUZZY_MIN_CHARS`` long; of several,
        the one most records use (then the first in alphabetical order). Candidates are
        generated and looked up, so the cost is a few hundred dictionary probes per unknown
        word and no memory beyond the index."""
        if len(word) < FUZZY_MIN_CHARS:
            return None
        letters = _LATIN if word.isascii() else _PERSIAN
        splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
        candidates = {a + b[1:] for a, b in splits if b}
        candidates |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
        candidates |= {a + c + b[1:] for a, b in splits if b for c in letters}
        candidates |= {a + c + b for a, b in splits for c in letters}
        candidates.discard(word)
        vocab = self._main.bm25.vocab_dict if self._main.bm25 is not None else {}
        known = [c for c in candidates if (c in vocab or c in delta_vocab)]
        best: tuple[int, str] | None = None
        for candidate in sorted(known):
            if len(candidate) < FUZZY_MIN_CHARS:
                continue
            df = self._main.df(candidate) + (candidate in delta_vocab)
            if df and (best is None or df > best[0]):
                best = (df, candidate)
        return best[1] if best else None

    def search(self, query: Query, *, limit: int = 10) -> list[Match]:
        with self._lock:
            self._flush_vectors()
            surface = self.resolve(analyze_with_surface(query.text))
            all_stems = [s for _t, s in surface]
            expansion = self.glossary.expand(all_stems)
            extra = list(expansion.tokens)
            lexical = self._lexical(list(dict.fromkeys(all_stems)), extra, query.exclude)
            dense, qv, sims = self._dense(query, all_stems, extra)
            fused, lex_rank, dense_rank, signals = self._fuse(query, lexical, dense)
            inferred: dict[str, float] = {}
            if SECTOR_DOCS > 0 and not query.sectors and fused:
                inferred = self._inferred_sectors(fused)
                if inferred:
                    fused, lex_rank, dense_rank, signals = self._fuse(
                        query, lexical, dense, inferred
                    )
            if FEEDBACK_TERMS > 0 and lexical and not query.sectors:
                more = self._feedback_terms(fused, {*all_stems, *extra})
                if more:
                    stems_ = list(dict.fromkeys(all_stems))
                    lexical = self._lexical(stems_, extra, query.exclude, more)
                    fused, lex_rank, dense_rank, signals = self._fuse(
                        query, lexical, dense, inferred
                    )
            if PRF_DOCS > 0 and dense and qv is not None and sims is not None:
                feedback = self._feedback(query, fused, qv, sims)
                if feedback:
                    dense = feedback
                    fused, lex_rank, dense_rank, signals = self._fuse(
                        query, lexical, dense, inferred
                    )
            similarity = dict(dense)
            top = sorted(fused, key=lambda k: (-fused[k], k))[:limit]
            return [
                self._explain(
                    key,
                    fused[key],
                    lex_rank.get(key),
                    dense_rank.get(key),
                    surface,
                    expansion.concepts,
                    signals[key],
                    similarity.get(key),
                )
                for key in top
            ]

    def _fuse(
        self,
        query: Query,
        lexical: list[int],
        dense: list[tuple[int, float]],
        inferred: dict[str, float] | None = None,
    ) -> tuple[dict[int, float], dict[int, int], dict[int, int], dict[int, tuple[str, ...]]]:
        fused: dict[int, float] = {}
        lex_rank = {k: i + 1 for i, k in enumerate(lexical)}
        dense_rank = {k: i + 1 for i, (k, _sim) in enumerate(dense)}
        for ranks in (lex_rank, dense_rank):
            for key, rank in ranks.items():
                fused[key] = fused.get(key, 0.0) + 1.0 / (RRF_K + rank)
        inferred = inferred or {}
        signals = {k: self._signals(query, self._entries[k].record, inferred) for k in fused}
        for key, names in signals.items():
            fused[key] += sum(BOOSTS[n] for n in names if n != "hits_sector")
            if "hits_sector" in names:
                share = max(inferred.get(s, 0.0) for s in self._entries[key].record.sectors)
                fused[key] += BOOSTS["hits_sector"] * min(1.0, share / SECTOR_FULL)
        return fused, lex_rank, dense_rank, signals

    def _inferred_sectors(self, fused: dict[int, float]) -> dict[str, float]:
        """For text that names no sector: each ISIC division's share of the first
        ``SECTOR_DOCS`` fused hits, each hit weighing 1/log2(rank + 1), for the divisions that
        hold at least ``SECTOR_FLOOR`` (the weight is over ``SECTOR_DOCS`` hits even when
        fewer were found: two hits are weaker evidence than five)."""
        top = sorted(fused, key=lambda k: (-fused[k], k))[:SECTOR_DOCS]
        total = sum(1.0 / math.log2(rank + 2) for rank in range(SECTOR_DOCS))
        shares: dict[str, float] = {}
        for rank, key in enumerate(top):
            for division in set(self._entries[key].record.sectors):
                weight = 1.0 / math.log2(rank + 2) / total
                shares[division] = shares.get(division, 0.0) + weight
        return {d: share for d, share in shares.items() if share >= SECTOR_FLOOR}

    def _feedback(
        self, query: Query, fused: dict[int, float], qv: np.ndarray, sims: np.ndarray
    ) -> list[tuple[int, float]]:
        """Pseudo-relevance feedback in the vector space: the query vector moved towards the
        mean vector of the first ``PRF_DOCS`` fused hits (the query's known ``relevant``
        records first: relevance feedback from the platform), and the dense stage run again over
        the ``PRF_POOL`` records nearest the query (one pass over the matrix per query, not
        two); only records within ``PRF_NEAR`` of that mean are kept."""
        known = [k for k in query.relevant if k in self._vec_rows]
        first = [k for k in sorted(fused, key=lambda k: (-fused[k], k)) if k not in known]
        top = (known + first)[:PRF_DOCS]
        rows = [self._vec_rows[k] for k in top if k in self._vec_rows]
        if not rows:
            return []
        centroid = self._vec[rows].mean(axis=0)
        centroid /= max(float(np.linalg.norm(centroid)), 1e-9)
        pool = (
            np.argpartition(-sims, PRF_POOL - 1)[:PRF_POOL]
            if len(sims) > PRF_POOL
            else np.arange(len(sims))
        )
        pool = pool[np.isfinite(sims[pool])]
        vectors = self._vec[pool]
        near = vectors @ centroid
        moved = PRF_QUERY * sims[pool] + (1 - PRF_QUERY) * near
        moved = np.where(near >= PRF_NEAR, moved, -np.inf)
        # Ranked by the moved vector; the similarity shown stays the cosine to the query.
        order = [k for k, _m in self._best(moved, -1.0, query.exclude, pool)]
        cosine = dict(zip((self._vec_keys[r] for r in pool), sims[pool].tolist(), strict=True))
        return [(k, cosine[k]) for k in order]

    def _feedback_terms(self, fused: dict[int, float], have: set[str]) -> list[str]:
        """The words the first ``FEEDBACK_DOCS`` fused hits use and the query does not: those
        at least ``FEEDBACK_MIN`` of them share, the ``FEEDBACK_TERMS`` best by how many share
        them × idf (ties: alphabetical)."""
        first = sorted(fused, key=lambda k: (-fused[k], k))[:FEEDBACK_DOCS]
        counts = Counter(t for k in first for t in set(self._entries[k].stems) if t not in have)
        weight = {t: n * self._idf(t) for t, n in counts.items() if n >= FEEDBACK_MIN}
        return sorted(weight, key=lambda t: (-weight[t], t))[:FEEDBACK_TERMS]

    def _lexical(
        self,
        stems: list[str],
        extra: list[str],
        exclude: frozenset[int],
        feedback: list[str] | None = None,
    ) -> list[int]:
        """Keys of the best ``DEPTH`` records by BM25 (main and delta on the same statistics).
        ``feedback`` words add ``FEEDBACK_WEIGHT`` × their BM25 to records that already share a
        word or a concept with the query: they reorder the hits, never bring one."""
        if not stems and not extra:
            return []
        pairs: list[tuple[float, int]] = []
        main = self._main
        scores = main.scores(stems)
        more = main.scores(extra) if extra else None
        if more is not None:
            scores = more * EXPANSION_WEIGHT if scores is None else scores + more * EXPANSION_WEIGHT
        fed = main.scores(feedback) if feedback and scores is not None else None
        if scores is not None and fed is not None:
            scores = np.where(scores > 0, scores + FEEDBACK_WEIGHT * fed, 0.0)
        if scores is not None:
            scores = np.where(main.alive, scores, 0.0)
            hits = np.flatnonzero(scores > 0)
            if len(hits) > DEPTH:
                hits = hits[np.argpartition(-scores[hits], DEPTH)[:DEPTH]]
            pairs.extend((float(scores[i]), int(main.keys[i])) for i in hits)
        if self._delta:
            pairs.extend(self._delta_scores(stems, extra, feedback or []))
        pairs = [(s, k) for s, k in pairs if k not in exclude]
        pairs.sort(key=lambda p: (-p[0], p[1]))
        if pairs:  # a record sharing one common word with a long query is not a lexical hit
            floor = LEXICAL_FLOOR * pairs[0][0]
            pairs = [p for p in pairs if p[0] >= floor]
        return [k for _s, k in pairs[:DEPTH]]

    def _delta_scores(
        self, stems: list[str], extra: list[str], feedback: list[str]
    ) -> list[tuple[float, int]]:
        avgdl = self._main.avgdl if self._main.n else 1.0
        weights = {t: 1.0 for t in stems}
        for t in extra:
            weights.setdefault(t, EXPANSION_WEIGHT)
        fed = {t: FEEDBACK_WEIGHT for t in feedback if t not in weights}
        idf = {t: self._idf(t) for t in (*weights, *fed)}
        out = []
        for key, counts in self._delta.items():
            score = self._bm25(weights, idf, counts, avgdl)
            if score > 0:  # feedback words reorder hits, never bring one
                out.append((score + self._bm25(fed, idf, counts, avgdl), key))
        return out

    @staticmethod
    def _bm25(
        weights: dict[str, float], idf: dict[str, float], counts: Counter[str], avgdl: float
    ) -> float:
        dl = sum(counts.values()) or 1
        norm = K1 * (1 - B + B * dl / avgdl)
        return sum(
            w * idf[t] * counts[t] * (K1 + 1) / (counts[t] + norm)
            for t, w in weights.items()
            if counts.get(t, 0)
        )

    def _idf(self, stem: str) -> float:
        n = self._main.n + len(self._delta)
        df = self._main.df(stem) + sum(1 for c in self._delta.values() if stem in c)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def query_vector(
        self, text: str, stems: list[str] | None = None, extra: list[str] | None = None
    ) -> np.ndarray | None:
        """The dense vector of typed text (see ``query_vectors``), or None when there is none.
        ``extra`` (the glossary's expansion) weighs as in the lexical stage."""
        return self._typed_vector(text, stems, extra)[0]

    def _typed_vector(
        self, text: str, stems: list[str] | None = None, extra: list[str] | None = None
    ) -> tuple[np.ndarray | None, float]:
        """The vector of typed text and the cosine a record needs to be a dense-only hit: the
        term table's centred vectors and the model's raw ones live on different scales."""
        if stems is None:
            surface = self.resolve(analyze_with_surface(text))
            stems = [s for _t, s in surface]
            extra = list(self.glossary.expand(stems).tokens)
        if self.query_vectors == "terms" and len(self.terms):
            weights = {s: c * self._idf(s) for s, c in Counter(stems).items()}
            for s in extra or ():
                weights.setdefault(s, EXPANSION_WEIGHT * self._idf(s))
            qv = self.terms.vector(weights)
            if qv is not None:
                return qv, DENSE_FLOOR["terms"]
        # "model", or no word of the query is in the table (a word no record uses).
        if self.encoder is None or not text.strip():
            return None, 0.0
        return self.encoder.encode_queries([text[:DENSE_QUERY_CHARS]])[0], DENSE_FLOOR["model"]

    def _dense(
        self, query: Query, stems: list[str], extra: list[str]
    ) -> tuple[list[tuple[int, float]], np.ndarray | None, np.ndarray | None]:
        """The best ``DEPTH`` records by cosine to the query vector, with their cosines; the
        (normalized) query vector and every record's cosine to it (-inf for removed rows)."""
        if not len(self._vec_keys):
            return [], None, None
        qv, floor = query.vector, -1.0  # a record's own vector: its neighbours, however far
        if qv is None:
            qv, floor = self._typed_vector(query.text, stems, extra)
            if qv is None:
                return [], None, None
        qv = np.asarray(qv, dtype=np.float32).reshape(-1)
        if qv.shape[0] != self._vec.shape[1]:
            return [], None, None
        norm = float(np.linalg.norm(qv))
        if norm > 0:  # records are stored normalized: a dot product is then the cosine
            qv = qv / norm
        sims = np.where(self._vec_alive, self._vec @ qv, -np.inf)
        return self._best(sims, floor, query.exclude), qv, sims

    def _best(
        self,
        sims: np.ndarray,
        floor: float,
        exclude: frozenset[int],
        rows: np.ndarray | None = None,
    ) -> list[tuple[int, float]]:
        """The best ``DEPTH`` of ``sims`` (the cosines of ``rows``, or of every row)."""
        depth = min(DEPTH + len(exclude), len(sims))
        top = (
            np.argpartition(-sims, depth - 1)[:depth] if depth < len(sims) else np.arange(len(sims))
        )
        top = top[np.argsort(-sims[top], kind="stable")]
        ids = top if rows is None else rows[top]
        pairs = [
            (self._vec_keys[r], float(sims[i]))
            for i, r in zip(top, ids, strict=True)
            if np.isfinite(sims[i])
        ]
        return [(k, sim) for k, sim in pairs if k not in exclude and sim >= floor][:DEPTH]

    @staticmethod
    def _signals(
        query: Query, record: Record, inferred: dict[str, float] | None = None
    ) -> tuple[str, ...]:
        names = []
        if query.sectors and set(query.sectors) & set(record.sectors):
            names.append("sector")
        elif inferred and set(inferred) & set(record.sectors):
            names.append("hits_sector")
        if query.trl is not None and record.trl is not None:
            target, offered = (
                (query.trl, record.trl) if query.trl_side == "target" else (record.trl, query.trl)
            )
            if offered >= target - 1:
                names.append("trl")
        if query.province and query.province == record.province:
            names.append("province")
        if record.certified:
            names.append("certified")
        return tuple(names)

    def _explain(
        self,
        key: int,
        score: float,
        lex: int | None,
        dense: int | None,
        surface: list[tuple[str, str]],
        concepts: tuple,
        signals: tuple[str, ...],
        similarity: float | None = None,
    ) -> Match:
        doc = set(self._entries[key].stems)
        terms = tuple(dict.fromkeys(t for t, s in surface if s in doc))
        query_stems = {s for _t, s in surface}
        bridged = []
        for concept in concepts:
            in_doc = [v for v in concept.variants if set(v) <= doc]
            # A bridge is a concept the record holds in words the query did not use.
            if in_doc and all(not set(v) <= query_stems for v in in_doc):
                bridged.append(concept.label)
        return Match(key, score, lex, dense, terms, tuple(bridged), signals, similarity)

    # --- persistence -----------------------------------------------------------------------

    def save(self, directory: Path) -> None:
        """Writes the compacted index atomically (a new folder renamed into place)."""
        with self._lock:
            self.compact()
            directory.parent.mkdir(parents=True, exist_ok=True)
            tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=directory.parent))
            keys = list(self._entries)
            if self._main.bm25 is not None:
                self._main.bm25.save(str(tmp / "bm25"))
            records = [
                {
                    "key": e.record.key,
                    "stems": list(e.stems),
                    "sectors": list(e.record.sectors),
                    "trl": e.record.trl,
                    "province": e.record.province,
                    "certified": e.record.certified,
                }
                for e in (self._entries[k] for k in keys)
            ]
            (tmp / "records.json").write_text(json.dumps(records, ensure_ascii=False), "utf-8")
            np.save(tmp / "vectors.npy", self._vec)
            np.save(tmp / "vector_keys.npy", np.asarray(self._vec_keys, dtype=np.int64))
            term_stems, term_matrix = self.terms.items()
            np.save(tmp / "terms.npy", term_matrix)
            (tmp / "terms.json").write_text(json.dumps(term_stems, ensure_ascii=False), "utf-8")
            meta = {"format": FORMAT, "seq": self.seq, "avgdl": self._main.avgdl}
            (tmp / "meta.json").write_text(json.dumps(meta), "utf-8")
            old = directory.with_name(directory.name + ".old")
            if directory.exists():
                os.replace(directory, old)
            os.replace(tmp, directory)
            shutil.rmtree(old, ignore_errors=True)

    @classmethod
    def load(
        cls,
        directory: Path,
        *,
        encoder: Encoder | None = None,
        compact_at: int = 256,
        query_vectors: str = "terms",
    ) -> MatchIndex | None:
        """The index saved in ``directory``, or None when there is none (or an old format)."""
        try:
            meta = json.loads((directory / "meta.json").read_text("utf-8"))
            if meta.get("format") != FORMAT:
                return None
            records = json.loads((directory / "records.json").read_text("utf-8"))
            vectors = np.load(directory / "vectors.npy")
            vector_keys = np.load(directory / "vector_keys.npy")
            term_stems = json.loads((directory / "terms.json").read_text("utf-8"))
            term_matrix = np.load(directory / "terms.npy")
        except (OSError, ValueError):
            return None
        index = cls(encoder=encoder, compact_at=compact_at, query_vectors=query_vectors)
        for row in records:
            record = Record(
                key=row["key"],
                text="",
                sectors=tuple(row["sectors"]),
                trl=row["trl"],
                province=row["province"],
                certified=row["certified"],
            )
            index._entries[record.key] = _Entry(record, tuple(row["stems"]))
        keys = list(index._entries)
        if keys and (directory / "bm25").exists():
            main = _Main([], [])
            main.keys = np.asarray(keys, dtype=np.int64)
            main.alive = np.ones(len(keys), dtype=bool)
            main.n = len(keys)
            main.avgdl = float(meta.get("avgdl") or 1.0)
            main.bm25 = bm25s.BM25.load(str(directory / "bm25"))
            main._df = np.diff(np.asarray(main.bm25.scores["indptr"]))
            index._main = main
            for row_no, key in enumerate(keys):
                index._entries[key].main_row = row_no
        elif keys:
            index._rebuild_main()
        if len(vector_keys):
            index._set_vectors({int(k): vectors[i] for i, k in enumerate(vector_keys)})
        index.set_term_vectors(dict(zip(term_stems, term_matrix, strict=True)))
        index.seq = int(meta.get("seq", 0))
        return index

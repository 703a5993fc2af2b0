"""The matcher inside Django: one in-process index per record kind, kept fresh from the database.

Freshness across web processes: every write to a need or capability appends a row to
``IndexChange`` (a monotonic id). Each process remembers the last id it applied and, at most
every ``FRESH_SECONDS``, asks the database for newer rows (one indexed query) and applies them:
the changed records are read back and upserted into the index's delta, or removed. Rows are read
with a small look-back window so a transaction that committed late (a lower id seen after a
higher one) is not missed. On start a process loads the index saved under ``var/`` by
``rebuild_match_index`` (or the periodic compaction) and replays the change log from its
sequence number; with nothing saved it builds from the database.

Term vectors (``matching/terms.py``) travel the same way: the task that encodes a record also
encodes the words it brings that no record had (``TermVector``) before logging the change, so a
process applying the change finds them in the database.

Bounded work per record, whatever its text's size (a record of 1 MiB of random words once held
the only worker for 20 minutes): the passage encoder sees the first ``PASSAGE_MAX_CHARS``
characters (one encoder call), the words are looked for in the first ``TERMS_TEXT_MAX_CHARS``,
and at most ``TERMS_PER_RECORD`` new words of a record (its most frequent ones) and
``TERMS_PER_CALL`` of one call are encoded, ``TERM_BATCH`` to an encoder call. A word left out
keeps its lexical match; it gets its vector when a later record (or ``encode_missing``) brings it.

This module is the work (task bodies call it) and never imports ``tasks``; services report a
change through ``sync.record_changed``, which logs it and enqueues the encoding.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings
from django.db.models import Max

from karsaz.technology.choices import RecordKind, RecordStatus
from karsaz.technology.matching.dense import load_encoder
from karsaz.technology.matching.engine import MatchIndex, Record
from karsaz.technology.matching.terms import ranked_surfaces
from karsaz.technology.models import (
    Capability,
    IndexChange,
    RecordVector,
    TechnologyNeed,
    TermVector,
    record_model,
)

log = logging.getLogger(__name__)
FRESH_SECONDS = 2.0
LOOKBACK = 200  # change ids re-read behind the last applied one
CHUNK = 500  # stems per ``IN (...)`` query
STEM_MAX = 100  # TermVector.stem's length; longer tokens (hashes, URLs) get no vector
# The bounds of one record's encoding (module docstring). Measured on the 2-core demo machine:
# 2,000 characters cost the passage encoder about 2-4 s, 64 words about 3 s.
PASSAGE_MAX_CHARS = 2_000
TERMS_TEXT_MAX_CHARS = 20_000
TERMS_PER_RECORD = 64
TERMS_PER_CALL = 256
TERM_BATCH = 64

_lock = threading.Lock()
_indexes: dict[str, MatchIndex] = {}
_checked: dict[str, float] = {}
_applied: dict[str, set[int]] = {}


def index_dir() -> Path:
    """Where the indexes are saved: ``TECHNOLOGY_INDEX_DIR``, or a folder under ``var/`` named
    for the database, so an index saved for one database is never loaded against another
    (a laptop switching between SQLite files and a local PostgreSQL, say)."""
    configured = getattr(settings, "TECHNOLOGY_INDEX_DIR", None)
    if configured:
        return Path(configured)
    return (
        Path(settings.VAR_DIR) / "technology-index" / database_folder(settings.DATABASES["default"])
    )


def database_folder(db: dict[str, Any]) -> str:
    """A short stable name for a database (engine, name, host and port)."""
    identity = "|".join(str(db.get(k, "")) for k in ("ENGINE", "NAME", "HOST", "PORT"))
    return hashlib.sha256(identity.encode("utf-8")).hexdigest()[:12]


def reset() -> None:
    """Forgets the in-process indexes (tests; a rebuild in another process)."""
    with _lock:
        _indexes.clear()
        _checked.clear()
        _applied.clear()


def use_dense() -> bool:
    """Whether records get dense vectors (``TECHNOLOGY_DENSE``, on by default)."""
    return bool(getattr(settings, "TECHNOLOGY_DENSE", True))


def encoder() -> Any:
    return load_encoder() if use_dense() else None


def _query_vectors() -> str:
    return str(getattr(settings, "TECHNOLOGY_QUERY_VECTORS", "terms"))


# --- records → engine -----------------------------------------------------------------------


def need_record(need: TechnologyNeed) -> Record:
    return Record(
        key=need.pk,
        text=need.public_text,
        sectors=(need.isic.code[:2],) if need.isic_id and need.isic else (),
        trl=need.target_trl,
        province=need.province.code if need.province_id else "",
        certified=False,
    )


def capability_record(cap: Capability) -> Record:
    return Record(
        key=cap.pk,
        text=cap.public_text,
        sectors=tuple(sorted({s.code[:2] for s in cap.sectors.all()})),
        trl=cap.trl,
        province=cap.enterprise.province.code,
        certified=cap.enterprise.kb_certificate_valid,
    )


def _records(kind: str, ids: list[int] | None = None) -> dict[int, Record]:
    if kind == RecordKind.NEED:
        needs = TechnologyNeed.objects.filter(status=RecordStatus.OPEN).select_related(
            "isic", "province"
        )
        if ids is not None:
            needs = needs.filter(pk__in=ids)
        return {n.pk: need_record(n) for n in needs}
    caps = (
        Capability.objects.filter(status=RecordStatus.OPEN)
        .select_related("enterprise__province")
        .prefetch_related("sectors")
    )
    if ids is not None:
        caps = caps.filter(pk__in=ids)
    return {c.pk: capability_record(c) for c in caps}


def _vectors(kind: str, ids: list[int] | None, model: str | None) -> dict[int, np.ndarray]:
    if model is None:
        return {}
    rows = RecordVector.objects.filter(kind=kind, model=model)
    if ids is not None:
        rows = rows.filter(record_id__in=ids)
    return {
        r.record_id: np.frombuffer(bytes(r.vector), dtype=np.float32)
        for r in rows.only("record_id", "vector")
    }


def _terms(model: str | None, stems: set[str]) -> dict[str, np.ndarray]:
    """Stored term vectors of ``model`` for ``stems`` (those that have one)."""
    if model is None:
        return {}
    rows = TermVector.objects.filter(model=model).values_list("stem", "vector")
    wanted = sorted(stems)
    found = (
        row
        for i in range(0, len(wanted), CHUNK)
        for row in rows.filter(stem__in=wanted[i : i + CHUNK])
    )
    return {stem: np.frombuffer(bytes(vector), dtype=np.float32) for stem, vector in found}


def _fill_terms(index: MatchIndex, keys: list[int] | None = None) -> None:
    missing = set(index.terms.missing(index.vocabulary(keys)))
    if missing:
        index.set_term_vectors(_terms(getattr(index.encoder, "name", None), missing))


# --- the process's indexes ------------------------------------------------------------------


def _last_change() -> int:
    return IndexChange.objects.aggregate(m=Max("id"))["m"] or 0


def build(kind: str) -> MatchIndex:
    """A fresh index of every open record of ``kind`` and its stored vectors."""
    enc = encoder()
    seq = _last_change()
    records = _records(kind)
    index = MatchIndex(encoder=enc, query_vectors=_query_vectors())
    vectors = _vectors(kind, None, getattr(enc, "name", None))
    index.build(list(records.values()), {k: v for k, v in vectors.items() if k in records})
    _fill_terms(index)
    index.seq = seq
    return index


def rebuild(kind: str) -> MatchIndex:
    """Builds, saves under ``index_dir()`` and installs the index of ``kind``."""
    index = build(kind)
    index.save(index_dir() / kind)
    with _lock:
        _indexes[kind] = index
        _checked[kind] = time.monotonic()
        _applied[kind] = set()
    return index


def get_index(kind: str) -> MatchIndex:
    """This process's index of ``kind``, with every change up to a few seconds ago applied."""
    with _lock:
        index = _indexes.get(kind)
        if index is None:
            index = MatchIndex.load(
                index_dir() / kind, encoder=encoder(), query_vectors=_query_vectors()
            ) or build(kind)
            _indexes[kind] = index
            _applied[kind] = set()
            _checked[kind] = 0.0
        fresh_for = float(getattr(settings, "TECHNOLOGY_FRESH_SECONDS", FRESH_SECONDS))
        if time.monotonic() - _checked[kind] >= fresh_for:
            _apply_changes(kind, index)
            _checked[kind] = time.monotonic()
        return index


def warm_up() -> None:
    """The `warm_up` hook (karsaz.core.warmup): the encoder and both indexes, loaded before a
    web process serves anyone (the first request of a cold worker used to pay for them)."""
    encoder()
    for kind in RecordKind.values:
        get_index(kind)


def _apply_changes(kind: str, index: MatchIndex) -> None:
    rows = list(
        IndexChange.objects.filter(kind=kind, id__gt=max(index.seq - LOOKBACK, 0))
        .order_by("id")
        .values_list("id", "record_id")
    )
    applied = _applied.setdefault(kind, set())
    # Re-applying a change is harmless (an upsert of the current row), missing one is not.
    fresh = [(cid, rid) for cid, rid in rows if cid not in applied]
    if not fresh:
        return
    ids = sorted({rid for _cid, rid in fresh})
    records = _records(kind, ids)
    vectors = _vectors(kind, ids, getattr(index.encoder, "name", None))
    for rid in ids:
        if rid in records:
            index.upsert(records[rid], vectors.get(rid))
        else:
            index.remove(rid)
    _fill_terms(index, [rid for rid in ids if rid in records])
    for cid, _rid in fresh:
        applied.add(cid)
    index.seq = max(index.seq, max(cid for cid, _rid in fresh))
    # Ids far behind the window can never come back: keep the set small.
    floor = index.seq - LOOKBACK
    _applied[kind] = {c for c in applied if c > floor}


def stored_vector(kind: str, record_id: int) -> np.ndarray | None:
    """A record's own vector, when the task queue has computed it for the current model: a
    record matched against the other side needs no encoding at request time."""
    enc = encoder()
    if enc is None:
        return None
    return _vectors(kind, [record_id], enc.name).get(record_id)


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def store_vector(kind: str, record_id: int) -> bool:
    """Encodes one record's public text (if it changed) and the words it brings that have no
    term vector yet, then logs the change. True if anything was written."""
    enc = encoder()
    if enc is None:
        return False
    model = record_model(kind)
    record = model.objects.filter(pk=record_id).first()
    if record is None:
        return False
    text = record.public_text
    digest = text_hash(text)
    current = RecordVector.objects.filter(kind=kind, record_id=record_id).first()
    wrote = store_terms(enc, [text]) > 0
    if not (current and current.text_hash == digest and current.model == enc.name):
        vector = enc.encode_passages([clip(text, PASSAGE_MAX_CHARS)])[0].astype(np.float32)
        RecordVector.objects.update_or_create(
            kind=kind,
            record_id=record_id,
            defaults={"model": enc.name, "text_hash": digest, "vector": vector.tobytes()},
        )
        wrote = True
    if wrote:
        IndexChange.objects.create(kind=kind, record_id=record_id)
    return wrote


def clip(text: str, limit: int) -> str:
    """The first ``limit`` characters of ``text``, cut at a space when one is near the end so
    that no word is encoded half."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    space = head.rfind(" ", limit - 100)
    return head[:space] if space > 0 else head


def store_terms(
    enc: Any,
    texts: list[str],
    *,
    per_text: int = TERMS_PER_RECORD,
    limit: int = TERMS_PER_CALL,
    batch: int = TERM_BATCH,
) -> int:
    """Encodes (``query: <word>``) the words of ``texts`` that have no term vector for the
    encoder's model yet, most frequent first: at most ``per_text`` of each text and ``limit`` in
    all, ``batch`` to an encoder call. Returns how many were added."""
    ranked = [ranked_surfaces([clip(text, TERMS_TEXT_MAX_CHARS)]) for text in texts]
    forms = {s: t for words in ranked for s, t in words.items()}
    forms = {s: t for s, t in forms.items() if len(s) <= STEM_MAX and len(t) <= STEM_MAX}
    have = set(_terms(enc.name, set(forms)))
    todo: dict[str, str] = {}
    for words in ranked:
        new = [s for s in words if s in forms and s not in have and s not in todo]
        todo.update((s, forms[s]) for s in new[: min(per_text, limit - len(todo))])
        if len(todo) >= limit:
            break
    stems = list(todo)
    for i in range(0, len(stems), batch):
        chunk = stems[i : i + batch]
        vectors = enc.encode_queries([todo[s] for s in chunk]).astype(np.float32)
        TermVector.objects.bulk_create(
            [
                TermVector(model=enc.name, stem=s, surface=todo[s], vector=vectors[j].tobytes())
                for j, s in enumerate(chunk)
            ],
            ignore_conflicts=True,  # another worker encoded the same word meanwhile
        )
    return len(stems)


def store_missing_terms(
    kind: str, ids: list[int], *, batch: int = TERMS_PER_CALL // TERMS_PER_RECORD
) -> int:
    """Term vectors for the words of the records ``ids`` of ``kind`` (records whose vectors
    were stored before term vectors existed): the records that brought new words are logged as
    changed. ``batch`` records a call, so the per-call cap never cuts a record's share."""
    enc = encoder()
    if enc is None:
        return 0
    model: Any = record_model(kind)
    added = 0
    for i in range(0, len(ids), batch):
        records = list(model.objects.filter(pk__in=ids[i : i + batch]))
        new = store_terms(enc, [r.public_text for r in records])
        if new:
            added += new
            IndexChange.objects.bulk_create(
                [IndexChange(kind=kind, record_id=r.pk) for r in records]
            )
    return added


def compact_and_save(kind: str) -> None:
    """Saves this process's index (compacted) and prunes the change log it covers."""
    index = get_index(kind)
    index.save(index_dir() / kind)
    IndexChange.objects.filter(kind=kind, id__lte=index.seq - 10 * LOOKBACK).delete()

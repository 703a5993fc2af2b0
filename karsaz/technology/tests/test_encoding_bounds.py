"""One record's encoding does bounded work whatever the size of its text (issue 11, finding 15)."""

import random
from typing import Any

import numpy as np
import pytest

from karsaz.technology import indexing
from karsaz.technology.choices import RecordKind
from karsaz.technology.models import Capability, RecordVector, TermVector

pytestmark = pytest.mark.django_db


class CountingEncoder:
    """Counts every call and every text it is asked to encode."""

    name = "counting"
    dim = 4

    def __init__(self) -> None:
        self.query_calls: list[int] = []
        self.passage_chars: list[int] = []

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        self.query_calls.append(len(texts))
        return np.ones((len(texts), self.dim), dtype=np.float32)

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        self.passage_chars.extend(len(t) for t in texts)
        return np.ones((len(texts), self.dim), dtype=np.float32)


def huge_text(seed: int, size: int = 1024 * 1024) -> str:
    """About ``size`` characters of distinct random words (every word is new)."""
    rng = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyz"
    words: dict[str, None] = {}
    length = 0
    while length < size:
        word = "".join(rng.choice(letters) for _ in range(10))
        if word not in words:
            words[word] = None
            length += 11
    return " ".join(words)


@pytest.fixture
def enc(monkeypatch: pytest.MonkeyPatch) -> CountingEncoder:
    encoder = CountingEncoder()
    monkeypatch.setattr(indexing, "encoder", lambda: encoder)
    return encoder


def test_a_mebibyte_record_is_encoded_with_bounded_work(world: Any, enc: CountingEncoder) -> None:
    text = huge_text(1)
    assert len(text) >= 1024 * 1024
    # Written past the services: the bound must hold whatever reached the table.
    Capability.objects.filter(pk=world.capability.pk).update(description=text)

    assert indexing.store_vector(RecordKind.CAPABILITY, world.capability.pk) is True

    # One passage call on at most PASSAGE_MAX_CHARS characters, and one batch of 64 words.
    assert len(enc.passage_chars) == 1 and enc.passage_chars[0] <= indexing.PASSAGE_MAX_CHARS
    assert enc.query_calls == [64]
    assert TermVector.objects.filter(model="counting").count() == indexing.TERMS_PER_RECORD == 64
    assert RecordVector.objects.filter(kind=RecordKind.CAPABILITY, model="counting").count() == 1


def test_the_cap_keeps_a_records_most_frequent_new_words(enc: CountingEncoder) -> None:
    text = " ".join(("zaferan " * 3, huge_text(2, 5_000), "karkhane karkhane", huge_text(4)))
    indexing.store_terms(enc, [text])
    stems = set(TermVector.objects.values_list("surface", flat=True))
    assert {"zaferan", "karkhane"} <= stems and len(stems) == 64


def test_one_call_encodes_at_most_terms_per_call_words(enc: CountingEncoder) -> None:
    texts = [huge_text(seed, size=100_000) for seed in range(10, 16)]  # 6 records

    assert indexing.store_terms(enc, texts) == indexing.TERMS_PER_CALL == 256
    assert enc.query_calls == [64, 64, 64, 64]
    # The next call encodes the next words, under the same bounds.
    assert indexing.store_terms(enc, texts) == 256
    assert enc.query_calls == [64] * 8
    assert TermVector.objects.count() == 512


def test_an_unchanged_huge_record_costs_no_encoder_call_once_its_words_are_in(
    world: Any, enc: CountingEncoder
) -> None:
    Capability.objects.filter(pk=world.capability.pk).update(description=huge_text(3))
    indexing.store_vector(RecordKind.CAPABILITY, world.capability.pk)
    enc.query_calls.clear()
    enc.passage_chars.clear()
    # Each run encodes another 64 of its new words, never the passage again.
    indexing.store_vector(RecordKind.CAPABILITY, world.capability.pk)
    assert enc.passage_chars == [] and enc.query_calls == [64]

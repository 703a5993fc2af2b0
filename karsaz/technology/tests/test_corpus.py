import dataclasses
import hashlib
import json
import random

from karsaz.technology import corpus


def test_topics_are_read_from_the_shipped_data_file() -> None:
    assert corpus.TOPICS_FILE.parts[-2:] == ("demo_data", "topics.json")
    topics = corpus.TOPICS
    assert len(topics) == 35
    assert [t.key for t in topics[:2]] == ["injection-mould", "plastic-recycling"]
    assert topics[0].english[0] == ("قالب تزریق", "injection mould")
    assert isinstance(topics[0].need_titles, tuple)
    # The exact content the literals in corpus.py had before they moved to the data file: the
    # demo and bench/data/matching/generate.py produce the same output for the same seed.
    dump = json.dumps([dataclasses.asdict(t) for t in topics], ensure_ascii=False)
    assert hashlib.sha256(dump.encode()).hexdigest() == (
        "74aa1083430bbcba8f5824053897c03ee3a1884699115f8b388ab5360971b461"
    )


def test_need_text_is_deterministic_for_a_seed() -> None:
    title, summary, outcome = corpus.need_text(corpus.TOPICS[0], random.Random(7))
    assert title in corpus.TOPICS[0].need_titles
    assert (title, summary, outcome) == corpus.need_text(corpus.TOPICS[0], random.Random(7))

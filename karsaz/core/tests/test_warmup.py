"""The warm-up gunicorn's master runs before forking: every module's `warm_up` hook, the match
indexes loaded, and no database connection left open for the workers to share."""

import pytest

from karsaz.core import modules, warmup
from karsaz.technology import indexing
from karsaz.technology.choices import RecordKind

pytestmark = pytest.mark.django_db


def test_every_part_runs_and_the_indexes_are_loaded(match_index, monkeypatch):
    closed = []
    monkeypatch.setattr(warmup.connections, "close_all", lambda: closed.append(True))
    assert modules.hooks("warm_up") == {"technology": indexing.warm_up}
    assert indexing._indexes == {}
    seconds = warmup.warm_up()
    assert sorted(seconds) == ["core", "technology"]
    assert sorted(indexing._indexes) == sorted(RecordKind.values)
    assert closed == [True]

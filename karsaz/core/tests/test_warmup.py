"""The warm-up gunicorn's master runs before forking: every module's `warm_up` hook, the match
indexes loaded, and no database connection left open for the workers to share."""

import pytest
from django.forms.renderers import get_default_renderer
from django.template import engines
from django.urls import URLResolver

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


PAGES = ("/", "/registry/", "/technology/", "/events/", "/clinics/", "/finance/", "/capital/")


def test_after_the_warm_up_a_page_parses_no_template_and_indexes_no_url(
    client, users, match_index, monkeypatch
):
    monkeypatch.setattr(warmup.connections, "close_all", lambda: None)
    warmup.warm_up()
    loaders = [
        engines["django"].engine.template_loaders[0],  # type: ignore[attr-defined]
        get_default_renderer().engine.engine.template_loaders[0],  # type: ignore[attr-defined]
    ]
    parsed = [set(loader.get_template_cache) for loader in loaders]
    indexed = []
    populate = URLResolver._populate
    monkeypatch.setattr(
        URLResolver, "_populate", lambda self: indexed.append(self) or populate(self)
    )
    client.force_login(users.qazvin_officer)
    for language in ("fa", "en"):
        client.cookies["karsaz_language"] = language
        for url in PAGES:
            assert client.get(url).status_code == 200, url
    assert indexed == []
    fresh = [
        set(loader.get_template_cache) - seen for loader, seen in zip(loaders, parsed, strict=True)
    ]
    assert fresh == [set(), set()]

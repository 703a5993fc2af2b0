import ast
import inspect
from types import SimpleNamespace
from typing import Any

import pytest

from karsaz.technology import indexing, sync
from karsaz.technology.choices import RecordKind
from karsaz.technology.models import IndexChange

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("dense", [True, False])
def test_record_changed_logs_the_change_and_enqueues_after_commit(
    settings: Any, monkeypatch: Any, django_capture_on_commit_callbacks: Any, dense: bool
) -> None:
    settings.TECHNOLOGY_DENSE = dense
    enqueued: list[dict[str, Any]] = []
    stub = SimpleNamespace(encode_record=SimpleNamespace(enqueue=lambda **kw: enqueued.append(kw)))
    monkeypatch.setattr(sync, "tasks", stub)
    with django_capture_on_commit_callbacks(execute=True):
        sync.record_changed(RecordKind.NEED, 41)
        assert enqueued == []  # never before the commit
    assert list(IndexChange.objects.values_list("kind", "record_id")) == [("need", 41)]
    assert enqueued == ([{"kind": "need", "record_id": 41}] if dense else [])


def test_the_work_modules_never_import_tasks() -> None:
    """models → indexing → tasks → sync → services: no cycle, no import inside a function."""
    tree = ast.parse(inspect.getsource(indexing))
    imported = {
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    } | {
        f"{node.module}.{alias.name}"
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert not any("tasks" in name or "sync" in name for name in imported if name)

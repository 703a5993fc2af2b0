"""The staff workspace's aggregates are cached per scope and dropped when an invoice changes."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from karsaz.finance import selectors
from karsaz.testing.factories_finance import finance_world, submit

pytestmark = pytest.mark.django_db


def _queries(user: Any) -> tuple[int, dict[str, int]]:
    with CaptureQueriesContext(connection) as ctx:
        panel = selectors.workspace_staff(user=user)
    return len(ctx.captured_queries), panel["counts"]


def test_a_second_read_costs_no_query_and_a_new_invoice_is_seen_after_commit(
    cached: Any, django_capture_on_commit_callbacks: Any
) -> None:
    w = finance_world()
    with django_capture_on_commit_callbacks(execute=True):
        submit(w)
    first, counts = _queries(w.national)
    assert counts == {"submitted": 1}
    assert first > 0
    assert _queries(w.national) == (0, {"submitted": 1})
    with django_capture_on_commit_callbacks(execute=True):
        submit(w)
    assert _queries(w.national)[1] == {"submitted": 2}


def test_scopes_are_cached_apart(cached: Any, django_capture_on_commit_callbacks: Any) -> None:
    w = finance_world()
    with django_capture_on_commit_callbacks(execute=True):
        submit(w)  # the Qazvin supplier's
        submit(w, supplier=w.other_supplier)  # the Tehran supplier's
    assert _queries(w.national)[1] == {"submitted": 2}
    assert _queries(w.qazvin_officer)[1] == {"submitted": 1}
    assert _queries(w.national)[0] == 0


def test_off_when_the_timeout_is_zero(settings: Any) -> None:
    settings.KARSAZ_PANEL_CACHE_SECONDS = 0
    w = finance_world()
    first = _queries(w.national)[0]
    assert first > 0
    assert _queries(w.national)[0] == first
